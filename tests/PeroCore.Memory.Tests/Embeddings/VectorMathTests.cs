using PeroCore.Memory.Embeddings;

namespace PeroCore.Memory.Tests.Embeddings;

public sealed class VectorMathTests
{
    [Fact]
    public void Dot_cosine_and_norm_match_hand_computed_values()
    {
        float[] x = [1, 2, 3];
        float[] y = [4, -5, 6];

        Assert.Equal(12f, VectorMath.Dot(x, y));
        Assert.Equal(MathF.Sqrt(14f), VectorMath.Norm(x), 5);
        Assert.Equal(12f / (MathF.Sqrt(14f) * MathF.Sqrt(77f)), VectorMath.Cosine(x, y), 5);
        Assert.Equal(1f, VectorMath.Cosine(x, [2, 4, 6]), 5);
        Assert.Equal(0f, VectorMath.Cosine(x, [0, 0, 0]));
    }

    [Fact]
    public void Mismatched_lengths_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => VectorMath.Dot([1f, 2f], [1f]));
        Assert.Throws<ArgumentException>(() => VectorMath.Cosine([1f, 2f], [1f]));
    }

    [Fact]
    public void Normalize_gives_unit_length_and_leaves_zero_vectors_alone()
    {
        float[] v = [3, 4];
        float[] unit = VectorMath.Normalize(v);
        Assert.Equal([0.6f, 0.8f], unit);
        Assert.Equal([3f, 4f], v);

        float[] zero = [0, 0];
        Assert.Equal(0f, VectorMath.NormalizeInPlace(zero));
        Assert.Equal([0f, 0f], zero);
    }

    [Fact]
    public void Blob_is_float32_little_endian_and_round_trips()
    {
        float[] v = [1f, -2.5f, float.Epsilon, 123456.789f];
        byte[] blob = PeroCore.Memory.Storage.VectorBlob.Encode(v);

        Assert.Equal(16, blob.Length);
        Assert.Equal(new byte[] { 0x00, 0x00, 0x80, 0x3F }, blob[..4]); // 1.0f little-endian
        Assert.Equal(new byte[] { 0x00, 0x00, 0x20, 0xC0 }, blob[4..8]); // -2.5f
        Assert.Equal(v, PeroCore.Memory.Storage.VectorBlob.Decode(blob));
        Assert.Empty(PeroCore.Memory.Storage.VectorBlob.Decode([]));
    }

    [Fact]
    public void Blob_with_a_partial_float_is_rejected()
    {
        InvalidDataException ex = Assert.Throws<InvalidDataException>(() => PeroCore.Memory.Storage.VectorBlob.Decode(new byte[7]));
        Assert.Contains("7 bytes", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validation_rejects_wrong_dimension_nan_infinity_and_optionally_zero()
    {
        VectorValidation.EnsureValid([1f, 0f], 2, "v");
        VectorValidation.EnsureValid([0f, 0f], 2, "v");

        Assert.Contains("expected 3", Assert.Throws<ArgumentException>("v", () => VectorValidation.EnsureValid([1f, 0f], 3, "v")).Message, StringComparison.Ordinal);
        Assert.Contains("component 1", Assert.Throws<ArgumentException>("v", () => VectorValidation.EnsureValid([1f, float.NaN], 2, "v")).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>("v", () => VectorValidation.EnsureValid([float.NegativeInfinity, 1f], 2, "v"));
        Assert.Throws<ArgumentException>("v", () => VectorValidation.EnsureValid([0f, 0f], 2, "v", requireNonZero: true));
        Assert.Throws<ArgumentOutOfRangeException>("d", () => VectorValidation.EnsureDimensions(0, "d"));
        Assert.False(VectorValidation.IsFinite([1f, float.PositiveInfinity]));
        Assert.True(VectorValidation.IsFinite([1f, -1f]));
    }
}
