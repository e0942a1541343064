using Microsoft.Extensions.AI;
using PeroCore.Memory.Embeddings;

namespace PeroCore.Memory.Tests.Engine;

/// <summary>
/// The §10.1 stub: the query embeds to the unit vector e0, and a memory registered with score s embeds to
/// s·e0 + √(1−s²)·e_k with its own orthogonal e_k, so its cosine to the query is exactly s (negative allowed).
/// Unregistered texts get a fresh orthogonal direction (cosine 0 to the query and to each other).
/// </summary>
public sealed class ScriptedEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    public const int Dimensions = 128;
    private readonly Dictionary<string, float[]> _vectors = new(StringComparer.Ordinal);
    private readonly object _gate = new();
    private int _nextAxis = 1;

    public string QueryText { get; set; } = "query";

    public int Calls { get; private set; }

    /// <summary>Registers a memory text whose cosine to the query is <paramref name="score"/>.</summary>
    public void Set(string text, double score)
    {
        lock (_gate)
        {
            var v = new float[Dimensions];
            v[0] = (float)score;
            v[NextAxis()] = (float)Math.Sqrt(Math.Max(0, 1 - (score * score)));
            _vectors[text] = v;
        }
    }

    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        var result = new GeneratedEmbeddings<Embedding<float>>();
        lock (_gate)
        {
            Calls++;
            foreach (var text in values)
            {
                if (text == QueryText)
                {
                    var q = new float[Dimensions];
                    q[0] = 1;
                    result.Add(new Embedding<float>(q));
                    continue;
                }

                if (!_vectors.TryGetValue(text, out var v))
                {
                    v = new float[Dimensions];
                    v[NextAxis()] = 1;
                    _vectors[text] = v;
                }

                result.Add(new Embedding<float>(v));
            }
        }

        return Task.FromResult(result);
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceType == typeof(EmbeddingModelIdentity) ? new EmbeddingModelIdentity("scripted", Dimensions) : null;

    public void Dispose()
    {
    }

    private int NextAxis() => _nextAxis < Dimensions ? _nextAxis++ : throw new InvalidOperationException("Out of orthogonal axes.");
}
