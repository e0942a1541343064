using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using PeroCore.Memory.Storage;

namespace PeroCore.Server.Realtime;

/// <summary>
/// The wire forms of an event. One JSON object serves both channels: <c>{"id", "kind", "data", "created_at"}</c> (the
/// WebSocket frame adds <c>"type":"event"</c>); SSE sends it as <c>id:</c>, <c>event:</c> and one <c>data:</c> line.
/// </summary>
internal static class EventFrame
{
    /// <summary>The SSE comment sent as a heartbeat.</summary>
    public static ReadOnlyMemory<byte> Heartbeat { get; } = ": keep-alive\n\n"u8.ToArray();

    /// <summary>The event as a UTF-8 JSON object.</summary>
    public static byte[] Json(OutboxEvent stored, bool withType)
    {
        ArgumentNullException.ThrowIfNull(stored);
        var buffer = new ArrayBufferWriter<byte>(256 + stored.PayloadJson.Length);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            if (withType)
            {
                writer.WriteString("type", "event");
            }

            writer.WriteNumber("id", stored.Id);
            writer.WriteString("kind", stored.Kind);
            writer.WritePropertyName("data");
            writer.WriteRawValue(stored.PayloadJson, skipInputValidation: false);
            writer.WriteString("created_at", stored.CreatedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>The event as one SSE message: <c>id: N</c>, <c>event: kind</c>, <c>data: {json}</c>.</summary>
    public static byte[] Sse(OutboxEvent stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        var kind = stored.Kind.ReplaceLineEndings(" ");
        var head = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"id: {stored.Id}\nevent: {kind}\ndata: "));
        return [.. head, .. Json(stored, withType: false), (byte)'\n', (byte)'\n'];
    }
}
