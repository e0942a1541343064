using System.Text.Json;
using System.Text.Json.Nodes;
using PeroCore.Memory;
using PeroCore.Memory.Ingestion;
using PeroCore.Memory.Storage;
using PeroCore.Memory.History;

namespace PeroCore.Server.Api;

/// <summary>
/// Imports JSON Lines for <c>POST /api/import</c> and <c>perocore import</c>, telling the two formats apart by the
/// first line: a <c>{"kind":"header",...}</c> line starts a <c>perocore export</c> file (every kind of record, ids
/// kept, written in one transaction through <see cref="MemoryEngine.RestoreAsync{TResult}"/>); anything else is one
/// memory a line, read by <see cref="MemoryFields"/> exactly as <c>POST /api/memories</c> reads a body. A bad line is
/// reported as <c>line N: reason</c> and skipped; with <c>strict</c> a bad line means nothing is written.
/// </summary>
internal sealed class DataImporter(MemoryEngine engine, bool linkRelations = true)
{
    private const int BatchSize = 1000;

    /// <summary>Imports what <paramref name="open"/> returns; a strict memory import calls it twice (check, then write).</summary>
    /// <param name="open">Opens the input from its start; each call returns a new stream the importer disposes.</param>
    /// <param name="strict">Write nothing when a line is bad.</param>
    /// <param name="progress">Lines read so far.</param>
    /// <param name="cancellationToken">Stops the import (batches already committed stay, except in an export file: one transaction).</param>
    public async Task<ImportReport> ImportAsync(Func<Stream> open, bool strict, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(open);
        var report = new ImportReport { Strict = strict };
        var stream = open();
        await using (stream.ConfigureAwait(false))
        {
            var lines = JsonLineReader.ReadAsync(stream, cancellationToken).GetAsyncEnumerator(cancellationToken);
            await using (lines.ConfigureAwait(false))
            {
                JsonLine? first = null;
                while (await lines.MoveNextAsync().ConfigureAwait(false))
                {
                    if (lines.Current.TooLong || !IsBlank(lines.Current.Bytes.Span))
                    {
                        first = lines.Current;
                        break;
                    }
                }

                if (first is not { } head)
                {
                    return report; // an empty input: nothing to do
                }

                if (Header(head) is { } header)
                {
                    report.Format = "export";
                    return await RestoreAsync(head.Number, header, lines, report, progress, cancellationToken).ConfigureAwait(false);
                }

                if (strict)
                {
                    await ForEachMemoryAsync(head, lines, report, progress, null, cancellationToken).ConfigureAwait(false);
                    if (report.Skipped > 0)
                    {
                        report.Aborted = true;
                        return report;
                    }
                }
                else
                {
                    await WriteMemoriesAsync(head, lines, report, progress, cancellationToken).ConfigureAwait(false);
                    return report;
                }
            }
        }

        // Strict and every line good: read the input again and write it.
        var again = open();
        await using (again.ConfigureAwait(false))
        {
            var lines = JsonLineReader.ReadAsync(again, cancellationToken).GetAsyncEnumerator(cancellationToken);
            await using (lines.ConfigureAwait(false))
            {
                if (await lines.MoveNextAsync().ConfigureAwait(false))
                {
                    report.Written = 0;
                    await WriteMemoriesAsync(lines.Current, lines, report, progress, cancellationToken).ConfigureAwait(false);
                }
            }
        }

        return report;
    }

    private async Task WriteMemoriesAsync(JsonLine first, IAsyncEnumerator<JsonLine> lines, ImportReport report, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        var batch = new List<(long Line, NewMemory Memory)>(BatchSize);
        await ForEachMemoryAsync(first, lines, report, progress, async (line, memory) =>
        {
            batch.Add((line, memory));
            if (batch.Count >= BatchSize)
            {
                await FlushAsync(batch, report, cancellationToken).ConfigureAwait(false);
            }
        }, cancellationToken).ConfigureAwait(false);
        await FlushAsync(batch, report, cancellationToken).ConfigureAwait(false);
    }

    private async Task FlushAsync(List<(long Line, NewMemory Memory)> batch, ImportReport report, CancellationToken cancellationToken)
    {
        if (batch.Count == 0)
        {
            return;
        }

        var options = new ImportOptions { Relations = linkRelations ? RelationLinking.Auto : RelationLinking.None };
        try
        {
            var result = await engine.ImportAsync([.. batch.Select(b => b.Memory)], cancellationToken, null, options, ChangeOrigin.Import).ConfigureAwait(false);
            report.Written += result.Ids.Count;
            report.Memories += result.Ids.Count;
        }
        catch (ArgumentException)
        {
            // Checked line by line already; if the engine still refuses one, write them one at a time to name it.
            foreach (var (line, memory) in batch)
            {
                try
                {
                    await engine.ImportAsync([memory], cancellationToken, null, options, ChangeOrigin.Import).ConfigureAwait(false);
                    report.Written++;
                    report.Memories++;
                }
                catch (ArgumentException ex)
                {
                    report.Fail(line, ex.Message);
                }
            }
        }

        batch.Clear();
    }

    /// <summary>Reads every memory line from <paramref name="first"/> on, reporting the bad ones; <paramref name="accept"/> gets the good ones.</summary>
    private async Task ForEachMemoryAsync(JsonLine first, IAsyncEnumerator<JsonLine> lines, ImportReport report, IProgress<long>? progress,
        Func<long, NewMemory, Task>? accept, CancellationToken cancellationToken)
    {
        var line = first;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (line.TooLong || !IsBlank(line.Bytes.Span))
            {
                if (Parse(line, report) is { } body)
                {
                    try
                    {
                        if (body.ContainsKey("kind"))
                        {
                            throw new RequestValidationException("'kind' belongs to an export file, which starts with a header line; a memory line has no 'kind'.");
                        }

                        var memory = MemoryFields.Read(body, "import", allowEmbedding: true);
                        engine.Validate(memory);
                        if (accept is not null)
                        {
                            await accept(line.Number, memory).ConfigureAwait(false);
                        }
                    }
                    catch (Exception ex) when (ex is RequestValidationException or ArgumentException)
                    {
                        report.Fail(line.Number, ex.Message);
                    }
                }
            }

            if (line.Number % 1000 == 0)
            {
                progress?.Report(line.Number);
            }

            if (!await lines.MoveNextAsync().ConfigureAwait(false))
            {
                progress?.Report(line.Number);
                return;
            }

            line = lines.Current;
        }
    }

    private async Task<ImportReport> RestoreAsync(long headerLine, JsonObject header, IAsyncEnumerator<JsonLine> lines, ImportReport report, IProgress<long>? progress,
        CancellationToken cancellationToken)
    {
        var format = header["format"] is JsonValue f && f.GetValueKind() == JsonValueKind.String ? f.GetValue<string>() : null;
        var version = header["version"] is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<int>(out var n) ? n : (int?)null;
        if (format != StoreExport.FormatName || version is null or < 1 or > StoreExport.FormatVersion)
        {
            report.Fail(headerLine, $"the header must name format '{StoreExport.FormatName}' and a version from 1 to {StoreExport.FormatVersion}; nothing was written");
            report.Aborted = true;
            return report;
        }

        try
        {
            await engine.RestoreAsync(async (restore, ct) =>
            {
                while (await lines.MoveNextAsync().ConfigureAwait(false))
                {
                    var line = lines.Current;
                    if (line.Number % 1000 == 0)
                    {
                        progress?.Report(line.Number);
                    }

                    if ((!line.TooLong && IsBlank(line.Bytes.Span)) || Parse(line, report) is not { } record)
                    {
                        continue;
                    }

                    try
                    {
                        var kind = record["kind"] is JsonValue k && k.GetValueKind() == JsonValueKind.String
                            ? k.GetValue<string>()
                            : throw new InvalidDataException("'kind' is required and must be a string");
                        if (kind == "header")
                        {
                            throw new InvalidDataException("a second header; an export file has one, on its first line");
                        }

                        if (await restore.WriteAsync(kind, record, ct).ConfigureAwait(false) == RestoreOutcome.Written)
                        {
                            report.Written++;
                        }
                        else
                        {
                            report.AlreadyPresent++;
                        }
                    }
                    catch (InvalidDataException ex)
                    {
                        report.Fail(line.Number, ex.Message);
                    }
                }

                if (report.Strict && report.Skipped > 0)
                {
                    throw new StrictImportException();
                }

                report.Memories = restore.MemoriesWritten;
                return true;
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (StrictImportException)
        {
            report.Aborted = true;
            report.Written = 0;
            report.AlreadyPresent = 0;
        }

        return report;
    }

    private static JsonObject? Header(JsonLine line)
    {
        if (line.TooLong)
        {
            return null;
        }

        try
        {
            var body = JsonBody.ParseObject(line.Bytes.Span, "The line");
            return body["kind"] is JsonValue k && k.GetValueKind() == JsonValueKind.String && k.GetValue<string>() == "header" ? body : null;
        }
        catch (Exception ex) when (ex is RequestValidationException or BadHttpRequestException)
        {
            return null;
        }
    }

    private static JsonObject? Parse(JsonLine line, ImportReport report)
    {
        if (line.TooLong)
        {
            report.Fail(line.Number, $"longer than {JsonLineReader.MaxLineBytes} bytes; skipped");
            return null;
        }

        try
        {
            return JsonBody.ParseObject(line.Bytes.Span, "The line");
        }
        catch (Exception ex) when (ex is RequestValidationException or BadHttpRequestException)
        {
            report.Fail(line.Number, ex.Message);
            return null;
        }
    }

    private static bool IsBlank(ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes)
        {
            if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r'))
            {
                return false;
            }
        }

        return true;
    }

    private sealed class StrictImportException : Exception
    {
    }
}
