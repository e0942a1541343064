namespace PeroCore.Agent.Llm;

/// <summary>
/// The body of an event stream as <see cref="System.Net.ServerSentEvents.SseParser"/> reads it. Every read that returns
/// bytes reports activity (so comments and keep-alives count as signs of life, as data does), and the end of the body is
/// followed by one blank line, so an event the server left without its terminating blank line is still dispatched
/// (the parser drops an unterminated last event, as the SSE specification says; such servers exist).
/// </summary>
internal sealed class SseBodyStream : Stream
{
    private static readonly byte[] Terminator = "\n\n"u8.ToArray();

    private readonly Stream _inner;
    private readonly Action _onActivity;
    private int _terminatorSent = -1;

    /// <param name="inner">The response body (disposed with this stream).</param>
    /// <param name="onActivity">Called after every read that returned bytes from <paramref name="inner"/>.</param>
    public SseBodyStream(Stream inner, Action onActivity)
    {
        _inner = inner;
        _onActivity = onActivity;
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (buffer.IsEmpty)
        {
            return 0;
        }

        if (_terminatorSent < 0)
        {
            var read = await _inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            if (read > 0)
            {
                _onActivity();
                return read;
            }

            _terminatorSent = 0;
        }

        return Tail(buffer.Span);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(Span<byte> buffer)
    {
        if (buffer.IsEmpty)
        {
            return 0;
        }

        if (_terminatorSent < 0)
        {
            var read = _inner.Read(buffer);
            if (read > 0)
            {
                _onActivity();
                return read;
            }

            _terminatorSent = 0;
        }

        return Tail(buffer);
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        await _inner.DisposeAsync().ConfigureAwait(false);
        await base.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Copies what is left of the terminator after the inner body ended.</summary>
    private int Tail(Span<byte> buffer)
    {
        var left = Terminator.AsSpan(_terminatorSent);
        var n = Math.Min(left.Length, buffer.Length);
        left[..n].CopyTo(buffer);
        _terminatorSent += n;
        return n;
    }
}
