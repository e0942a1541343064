namespace PeroCore.Agent.Llm;

/// <summary>
/// Transport settings shared by every LLM client a <see cref="LlmClientFactory"/> creates (bind from the
/// <c>Llm:Client</c> configuration section, for instance). Defaults suit a hosted API; tests shorten the delays.
/// </summary>
public sealed record LlmClientOptions
{
    /// <summary>
    /// How long a call may wait for the first byte of the answer, retries and their back-off included (default 60 s).
    /// For a streamed call (and a model listing) this is the time until the first event; non-streamed chat calls use
    /// <see cref="NonStreamingTimeout"/>. A call that exceeds it fails with <see cref="LlmErrorKind.Timeout"/>.
    /// </summary>
    public TimeSpan FirstByteTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// How long a non-streamed call may wait for the response headers, retries included (default 120 s). A server sends
    /// them only once the whole answer is generated, so this is longer than <see cref="FirstByteTimeout"/>.
    /// </summary>
    public TimeSpan NonStreamingTimeout { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>
    /// How long a stream (or a non-streamed body) may stay silent once it has started (default 120 s). A stream as a
    /// whole may run longer than any timeout as long as data keeps coming.
    /// </summary>
    public TimeSpan StreamIdleTimeout { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>Retries after the first attempt for 408, 429, 5xx and transport errors (default 3; 0 disables).</summary>
    public int MaxRetries { get; init; } = 3;

    /// <summary>Base delay of the exponential back-off, with jitter (default 1 s: about 1, 2, 4 s).</summary>
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Upper bound of one back-off delay (default 20 s).</summary>
    public TimeSpan RetryMaxDelay { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>
    /// The longest <c>Retry-After</c> the client is willing to wait (default 30 s). A server asking for longer is not
    /// retried: its 429/503 surfaces at once as a retryable <see cref="LlmException"/>.
    /// </summary>
    public TimeSpan MaxRetryAfter { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Connection timeout of the underlying socket handler (default 15 s).</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Throws when a value is out of range.</summary>
    public void Validate()
    {
        static void Positive(TimeSpan value, string name)
        {
            if (value <= TimeSpan.Zero && value != Timeout.InfiniteTimeSpan)
            {
                throw new ArgumentOutOfRangeException(name, value, $"{name} must be positive.");
            }
        }

        Positive(FirstByteTimeout, nameof(FirstByteTimeout));
        Positive(StreamIdleTimeout, nameof(StreamIdleTimeout));
        Positive(NonStreamingTimeout, nameof(NonStreamingTimeout));
        Positive(ConnectTimeout, nameof(ConnectTimeout));
        if (MaxRetries is < 0 or > 10)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxRetries), MaxRetries, "MaxRetries must be between 0 and 10.");
        }

        if (RetryBaseDelay < TimeSpan.Zero || RetryMaxDelay < RetryBaseDelay || MaxRetryAfter < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(RetryBaseDelay), "Retry delays must be non-negative and RetryMaxDelay >= RetryBaseDelay.");
        }
    }
}
