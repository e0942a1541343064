using System.Buffers;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace PeroCore.Memory.Storage;

/// <summary>
/// Writes everything a user owns as JSON Lines: a <c>header</c> record (format, version, embedding model, export time),
/// then one record per row of each <see cref="DataTables.Exported"/> table with a <c>kind</c> field and the row's
/// columns (BLOBs such as vectors as base64 of little-endian float32), secrets left out. Rows are streamed from one
/// read transaction (a consistent snapshot) and written in chunks, so memory stays bounded whatever the size.
/// </summary>
public static class StoreExport
{
    /// <summary>The <c>format</c> of the header record.</summary>
    public const string FormatName = "perocore-export";

    /// <summary>The version of the format this build writes and reads.</summary>
    public const int FormatVersion = 1;

    private const int FlushBytes = 64 * 1024;

    /// <summary>Writes the export to <paramref name="output"/>; returns the number of records of each kind.</summary>
    public static Task<IReadOnlyDictionary<string, long>> WriteAsync(PeroDatabase database, Stream output, string embeddingModel, int dimensions, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(output);
        return database.ReadAsync<IReadOnlyDictionary<string, long>>(async (connection, ct) =>
        {
            var counts = new Dictionary<string, long>();
            var buffer = new ArrayBufferWriter<byte>(FlushBytes * 2);
            await using var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
            await using var snapshot = (SqliteTransaction)await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
            json.WriteStartObject();
            json.WriteString("kind", "header");
            json.WriteString("format", FormatName);
            json.WriteNumber("version", FormatVersion);
            json.WriteString("embedding_model", embeddingModel);
            json.WriteNumber("dimensions", dimensions);
            json.WriteString("exported_at", database.Clock.GetUtcNow());
            json.WriteEndObject();
            await EndRecordAsync(json, buffer, output, ct).ConfigureAwait(false);
            foreach (var table in DataTables.Exported)
            {
                var count = 0L;
                var order = table.Table == "config" ? "key" : "rowid";
                await using var command = connection.Command(snapshot, $"SELECT * FROM {table.Table} ORDER BY {order}");
                await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
                while (await reader.ReadAsync(ct).ConfigureAwait(false))
                {
                    if (table.Table == "config" && DataTables.IsSecretSetting(reader.GetString(reader.GetOrdinal("key"))))
                    {
                        continue;
                    }

                    json.WriteStartObject();
                    json.WriteString("kind", table.Kind);
                    for (var i = 0; i < reader.FieldCount; i++)
                    {
                        var name = reader.GetName(i);
                        if (table.SecretColumns.Contains(name))
                        {
                            continue;
                        }

                        json.WritePropertyName(name);
                        switch (reader.IsDBNull(i) ? null : reader.GetValue(i))
                        {
                            case null:
                                json.WriteNullValue();
                                break;
                            case long l:
                                json.WriteNumberValue(l);
                                break;
                            case double d:
                                json.WriteNumberValue(d);
                                break;
                            case byte[] bytes:
                                json.WriteBase64StringValue(bytes);
                                break;
                            case var other:
                                json.WriteStringValue(Convert.ToString(other, System.Globalization.CultureInfo.InvariantCulture));
                                break;
                        }
                    }

                    json.WriteEndObject();
                    await EndRecordAsync(json, buffer, output, ct).ConfigureAwait(false);
                    count++;
                }

                counts[table.Kind] = count;
            }

            if (buffer.WrittenCount > 0)
            {
                await output.WriteAsync(buffer.WrittenMemory, ct).ConfigureAwait(false);
            }

            await output.FlushAsync(ct).ConfigureAwait(false);
            return counts;
        }, cancellationToken);
    }

    private static async Task EndRecordAsync(Utf8JsonWriter json, ArrayBufferWriter<byte> buffer, Stream output, CancellationToken cancellationToken)
    {
        await json.FlushAsync(cancellationToken).ConfigureAwait(false);
        json.Reset(buffer);
        buffer.Write("\n"u8);
        if (buffer.WrittenCount >= FlushBytes)
        {
            await output.WriteAsync(buffer.WrittenMemory, cancellationToken).ConfigureAwait(false);
            buffer.ResetWrittenCount();
        }
    }
}
