using PeroCore.Memory.Embeddings;

namespace PeroCore.Memory.Tests.Indexing;

/// <summary>Deterministic synthetic vectors for index tests.</summary>
internal static class TestVectors
{
    /// <summary>Unit vectors around <paramref name="clusters"/> random centres (Gaussian noise of <paramref name="sigma"/>).</summary>
    public static float[][] Clustered(int count, int dimensions, int clusters, float sigma, int seed)
    {
        var random = new Random(seed);
        float[][] centres = new float[clusters][];
        for (int c = 0; c < clusters; c++)
        {
            centres[c] = Gaussian(random, dimensions, 1f);
            VectorMath.NormalizeInPlace(centres[c]);
        }

        float[][] vectors = new float[count][];
        for (int i = 0; i < count; i++)
        {
            float[] centre = centres[random.Next(clusters)];
            float[] noise = Gaussian(random, dimensions, sigma / MathF.Sqrt(dimensions));
            for (int d = 0; d < dimensions; d++)
            {
                noise[d] += centre[d];
            }

            VectorMath.NormalizeInPlace(noise);
            vectors[i] = noise;
        }

        return vectors;
    }

    /// <summary>
    /// Clustered vectors with low intrinsic dimension, closer to real embeddings than isotropic clusters: points
    /// are drawn around <paramref name="clusters"/> centres in a <paramref name="latentDimensions"/>-d space,
    /// projected into <paramref name="dimensions"/> by a fixed random matrix, then normalised.
    /// </summary>
    public static float[][] LowRankClustered(int count, int dimensions, int latentDimensions, int clusters, int seed, int dataSeed)
    {
        var structure = new Random(seed);
        float[][] projection = new float[latentDimensions][];
        for (int l = 0; l < latentDimensions; l++)
        {
            projection[l] = Gaussian(structure, dimensions, 1f);
        }

        float[][] centres = new float[clusters][];
        for (int c = 0; c < clusters; c++)
        {
            centres[c] = Gaussian(structure, latentDimensions, 1f);
        }

        var random = new Random(dataSeed);
        float[][] vectors = new float[count][];
        for (int i = 0; i < count; i++)
        {
            float[] latent = Gaussian(random, latentDimensions, 0.5f);
            float[] centre = centres[random.Next(clusters)];
            float[] v = new float[dimensions];
            for (int l = 0; l < latentDimensions; l++)
            {
                float weight = latent[l] + centre[l];
                for (int d = 0; d < dimensions; d++)
                {
                    v[d] += weight * projection[l][d];
                }
            }

            VectorMath.NormalizeInPlace(v);
            vectors[i] = v;
        }

        return vectors;
    }

    /// <summary>Uniformly random directions.</summary>
    public static float[][] Random(int count, int dimensions, int seed)
    {
        var random = new Random(seed);
        float[][] vectors = new float[count][];
        for (int i = 0; i < count; i++)
        {
            vectors[i] = Gaussian(random, dimensions, 1f);
            VectorMath.NormalizeInPlace(vectors[i]);
        }

        return vectors;
    }

    /// <summary>Exact top-k keys by cosine (keys are index + 1).</summary>
    public static long[] ExactTopK(float[][] vectors, ReadOnlySpan<float> query, int k)
    {
        var scored = new (long Key, float Similarity)[vectors.Length];
        for (int i = 0; i < vectors.Length; i++)
        {
            scored[i] = (i + 1, VectorMath.Cosine(vectors[i], query));
        }

        return [.. scored.OrderByDescending(s => s.Similarity).ThenBy(s => s.Key).Take(k).Select(s => s.Key)];
    }

    private static float[] Gaussian(Random random, int dimensions, float scale)
    {
        float[] v = new float[dimensions];
        for (int d = 0; d < dimensions; d++)
        {
            // Box-Muller
            double u1 = 1.0 - random.NextDouble();
            double u2 = random.NextDouble();
            v[d] = (float)(Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2)) * scale;
        }

        return v;
    }
}
