using System.Runtime.CompilerServices;

namespace PeroCore.Agent.Llm;

/// <summary>Counts how many times a request was sent (sits inside the retry handler).</summary>
internal sealed class AttemptCountingHandler : DelegatingHandler
{
    public static readonly HttpRequestOptionsKey<StrongBox<int>> Key = new("PeroCore.Llm.Attempts");

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Options.TryGetValue(Key, out var box))
        {
            Interlocked.Increment(ref box.Value);
        }

        return base.SendAsync(request, cancellationToken);
    }
}
