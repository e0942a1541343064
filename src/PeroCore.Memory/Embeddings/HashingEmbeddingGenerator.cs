using System.Text;
using Microsoft.Extensions.AI;

namespace PeroCore.Memory.Embeddings;

/// <summary>
/// A deterministic, model-free embedder: feature hashing of lower-cased word tokens (plus their character
/// trigrams) and of CJK character unigrams and bigrams into a fixed number of dimensions, L2-normalised.
/// Texts that share words or characters score higher than unrelated texts. It serves as the fake embedder
/// of unit tests and as a real fallback on machines without a model. Thread-safe; the purpose is ignored
/// (the model is symmetric).
/// </summary>
public sealed class HashingEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    /// <summary>The model name this generator reports.</summary>
    public const string ModelName = "perocore-feature-hashing-v1";

    /// <summary>The default number of dimensions.</summary>
    public const int DefaultDimensions = 384;

    private const float WordWeight = 1.0f;
    private const float TrigramWeight = 0.35f;
    private const float CjkUnigramWeight = 1.0f;
    private const float CjkBigramWeight = 1.0f;

    private readonly EmbeddingGeneratorMetadata _metadata;

    /// <summary>Initializes a new instance of the <see cref="HashingEmbeddingGenerator"/> class.</summary>
    /// <param name="dimensions">Number of dimensions (default 384).</param>
    public HashingEmbeddingGenerator(int dimensions = DefaultDimensions)
    {
        VectorValidation.EnsureDimensions(dimensions, nameof(dimensions));
        Dimensions = dimensions;
        Identity = new EmbeddingModelIdentity(ModelName, dimensions);
        _metadata = new EmbeddingGeneratorMetadata("perocore-hashing", providerUri: null, ModelName, dimensions);
    }

    /// <summary>Gets the number of dimensions of every vector.</summary>
    public int Dimensions { get; }

    /// <summary>Gets the model identity (name and dimension).</summary>
    public EmbeddingModelIdentity Identity { get; }

    /// <inheritdoc />
    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values,
        EmbeddingGenerationOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        _ = options.GetPurpose(); // validates the option even though the model is symmetric
        var result = new GeneratedEmbeddings<Embedding<float>>();
        foreach (string value in values)
        {
            cancellationToken.ThrowIfCancellationRequested();
            ArgumentNullException.ThrowIfNull(value, nameof(values));
            result.Add(new Embedding<float>(Embed(value)) { ModelId = ModelName, CreatedAt = DateTimeOffset.UtcNow });
        }

        return Task.FromResult(result);
    }

    /// <summary>Embeds one text synchronously.</summary>
    /// <param name="text">The text.</param>
    /// <returns>A unit-length vector of <see cref="Dimensions"/> components.</returns>
    public float[] Embed(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        float[] vector = new float[Dimensions];
        var word = new StringBuilder();
        Rune previousCjk = default;
        bool hasPreviousCjk = false;
        bool anyFeature = false;

        foreach (Rune rune in text.EnumerateRunes())
        {
            if (IsCjk(rune))
            {
                anyFeature |= FlushWord(word, vector);
                AddFeature(vector, 'c', rune, default, hasSecond: false, CjkUnigramWeight);
                if (hasPreviousCjk)
                {
                    AddFeature(vector, 'b', previousCjk, rune, hasSecond: true, CjkBigramWeight);
                }

                previousCjk = rune;
                hasPreviousCjk = true;
                anyFeature = true;
            }
            else if (Rune.IsLetterOrDigit(rune))
            {
                word.Append(Rune.ToLowerInvariant(rune).ToString());
                hasPreviousCjk = false;
            }
            else
            {
                anyFeature |= FlushWord(word, vector);
                hasPreviousCjk = false;
            }
        }

        anyFeature |= FlushWord(word, vector);
        if (!anyFeature)
        {
            // Empty or punctuation-only text still gets a unit vector, shared by all such texts.
            AddStringFeature(vector, 'e', string.Empty, 1f);
        }

        VectorMath.NormalizeInPlace(vector);
        return vector;
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null) =>
        EmbeddingServices.Resolve(this, serviceType, serviceKey, () => _metadata, () => Identity);

    /// <inheritdoc />
    public void Dispose()
    {
        // Nothing to release.
    }

    private static bool IsCjk(Rune rune)
    {
        int v = rune.Value;
        return (v >= 0x4E00 && v <= 0x9FFF) // CJK Unified Ideographs
            || (v >= 0x3400 && v <= 0x4DBF) // Extension A
            || (v >= 0x20000 && v <= 0x2EBEF) // Extensions B-F
            || (v >= 0xF900 && v <= 0xFAFF) // Compatibility Ideographs
            || (v >= 0x3040 && v <= 0x30FF) // Hiragana, Katakana
            || (v >= 0xAC00 && v <= 0xD7AF); // Hangul syllables
    }

    private bool FlushWord(StringBuilder word, float[] vector)
    {
        if (word.Length == 0)
        {
            return false;
        }

        string token = word.ToString();
        word.Clear();
        AddStringFeature(vector, 'w', token, WordWeight);
        if (token.Length > 3)
        {
            string padded = "<" + token + ">";
            for (int i = 0; i + 3 <= padded.Length; i++)
            {
                AddStringFeature(vector, 't', padded.AsSpan(i, 3), TrigramWeight);
            }
        }

        return true;
    }

    private void AddStringFeature(float[] vector, char kind, ReadOnlySpan<char> text, float weight)
    {
        ulong hash = Fnv1a.Start;
        hash = Fnv1a.Append(hash, kind);
        foreach (char c in text)
        {
            hash = Fnv1a.Append(hash, c);
        }

        Accumulate(vector, hash, weight);
    }

    private void AddFeature(float[] vector, char kind, Rune first, Rune second, bool hasSecond, float weight)
    {
        ulong hash = Fnv1a.Start;
        hash = Fnv1a.Append(hash, kind);
        hash = Fnv1a.Append(hash, first.Value);
        if (hasSecond)
        {
            hash = Fnv1a.Append(hash, second.Value);
        }

        Accumulate(vector, hash, weight);
    }

    private void Accumulate(float[] vector, ulong hash, float weight)
    {
        // Finalise (avalanche) so both the bucket and the sign use well-mixed bits.
        hash ^= hash >> 33;
        hash *= 0xFF51AFD7ED558CCDUL;
        hash ^= hash >> 33;
        int bucket = (int)(hash % (ulong)vector.Length);
        float sign = (hash >> 63) == 0 ? 1f : -1f;
        vector[bucket] += sign * weight;
    }

    private static class Fnv1a
    {
        public const ulong Start = 14695981039346656037UL;
        private const ulong Prime = 1099511628211UL;

        public static ulong Append(ulong hash, int value)
        {
            for (int shift = 0; shift < 32; shift += 8)
            {
                hash ^= (byte)(value >> shift);
                hash *= Prime;
            }

            return hash;
        }
    }
}
