namespace PeroCore.Server.Api;

/// <summary>
/// Splits a byte stream into lines (LF or CRLF; a UTF-8 BOM at the start is dropped) in bounded memory: a line longer
/// than <see cref="MaxLineBytes"/> is not kept but reported as too long, and reading goes on after it. The bytes are
/// not decoded here, so invalid UTF-8 is the parser's to report, line by line.
/// </summary>
internal static class JsonLineReader
{
    /// <summary>The longest line kept: 4 MiB (a memory with its vector takes a few kilobytes; a conversation line at most about 400 KB).</summary>
    public const int MaxLineBytes = 4 * 1024 * 1024;

    /// <summary>The lines of <paramref name="stream"/>, blank ones included (callers skip them).</summary>
    public static async IAsyncEnumerable<JsonLine> ReadAsync(Stream stream, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var chunk = new byte[64 * 1024];
        var line = new MemoryStream();
        var number = 0L;
        var tooLong = false;
        var first = true;
        while (true)
        {
            var read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            var start = 0;
            if (first)
            {
                first = false;
                if (read >= 3 && chunk[0] == 0xEF && chunk[1] == 0xBB && chunk[2] == 0xBF)
                {
                    start = 3;
                }
            }

            while (start < read)
            {
                var newline = Array.IndexOf(chunk, (byte)'\n', start, read - start);
                var end = newline < 0 ? read : newline;
                if (!tooLong)
                {
                    if (line.Length + (end - start) > MaxLineBytes)
                    {
                        tooLong = true;
                        line.SetLength(0);
                    }
                    else
                    {
                        line.Write(chunk, start, end - start);
                    }
                }

                if (newline < 0)
                {
                    break;
                }

                yield return Complete(++number, line, tooLong);
                line.SetLength(0);
                tooLong = false;
                start = newline + 1;
            }
        }

        if (line.Length > 0 || tooLong)
        {
            yield return Complete(++number, line, tooLong); // the last line has no line break (or the file was cut short)
        }
    }

    private static JsonLine Complete(long number, MemoryStream line, bool tooLong)
    {
        var bytes = line.GetBuffer().AsMemory(0, (int)line.Length);
        if (bytes.Length > 0 && bytes.Span[^1] == (byte)'\r')
        {
            bytes = bytes[..^1];
        }

        return new JsonLine(number, tooLong ? ReadOnlyMemory<byte>.Empty : bytes, tooLong);
    }
}
