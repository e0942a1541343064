using System.Collections.Concurrent;
using Microsoft.Extensions.AI;
using PeroCore.Memory.Embeddings;

namespace PeroCore.Memory.Tests.Embeddings;

/// <summary>
/// A fake generator that counts its calls, can hold a call until the test releases it (so later requests queue
/// deterministically), can fail on a chosen text, and embeds with the hashing embedder.
/// </summary>
internal sealed class GatedEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    private readonly HashingEmbeddingGenerator _inner = new(32);
    private readonly ConcurrentQueue<TaskCompletionSource> _gates = new();
    private readonly SemaphoreSlim _started = new(0);

    public ConcurrentQueue<Call> Calls { get; } = new();

    public string? FailOn { get; set; }

    public bool Disposed { get; private set; }

    /// <summary>The next call (after those already held) waits until the returned source is completed.</summary>
    public TaskCompletionSource HoldNextCall()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _gates.Enqueue(gate);
        return gate;
    }

    /// <summary>Waits until a call has started (calls are counted in order).</summary>
    public Task WaitForCallAsync() => _started.WaitAsync(TimeSpan.FromSeconds(30)).ContinueWith(t =>
    {
        if (!t.Result)
        {
            throw new TimeoutException("The generator was not called.");
        }
    }, TaskScheduler.Default);

    public async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        string[] inputs = [.. values];
        Calls.Enqueue(new Call(options.GetPurpose(), inputs, cancellationToken));
        _started.Release();
        if (_gates.TryDequeue(out TaskCompletionSource? gate))
        {
            await gate.Task.WaitAsync(cancellationToken);
        }

        if (FailOn is { } bad && inputs.Contains(bad))
        {
            throw new EmbeddingProviderException($"The provider refused '{bad}'.");
        }

        return await Direct(inputs, options.GetPurpose());
    }

    /// <summary>What one-at-a-time embedding gives for these texts.</summary>
    public Task<GeneratedEmbeddings<Embedding<float>>> Direct(IEnumerable<string> inputs, EmbeddingPurpose purpose) =>
        _inner.GenerateAsync(inputs.Select(i => (purpose == EmbeddingPurpose.Query ? "query " : string.Empty) + i));

    public object? GetService(Type serviceType, object? serviceKey = null) => _inner.GetService(serviceType, serviceKey);

    public void Dispose()
    {
        Disposed = true;
        _inner.Dispose();
        _started.Dispose();
    }

    internal sealed record Call(EmbeddingPurpose Purpose, string[] Inputs, CancellationToken Token);
}
