using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace PeroCore.Memory.Storage;

/// <summary>The stored form of a vector: float32 values, little-endian, nothing else.</summary>
internal static class VectorBlob
{
    /// <summary>Encodes a vector.</summary>
    public static byte[] Encode(ReadOnlySpan<float> vector)
    {
        var bytes = new byte[vector.Length * sizeof(float)];
        if (BitConverter.IsLittleEndian)
        {
            MemoryMarshal.AsBytes(vector).CopyTo(bytes);
        }
        else
        {
            for (var i = 0; i < vector.Length; i++)
            {
                BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * sizeof(float)), vector[i]);
            }
        }

        return bytes;
    }

    /// <summary>Decodes a vector; the length must be a multiple of four bytes.</summary>
    public static float[] Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length % sizeof(float) != 0)
        {
            throw new InvalidDataException($"A stored vector has {bytes.Length} bytes, which is not a whole number of float32 values.");
        }

        var vector = new float[bytes.Length / sizeof(float)];
        if (BitConverter.IsLittleEndian)
        {
            bytes.CopyTo(MemoryMarshal.AsBytes(vector.AsSpan()));
        }
        else
        {
            for (var i = 0; i < vector.Length; i++)
            {
                vector[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes[(i * sizeof(float))..]);
            }
        }

        return vector;
    }

    /// <summary>Throws if any value is NaN or infinite, or the vector is empty.</summary>
    public static void EnsureFinite(ReadOnlySpan<float> vector, string parameterName)
    {
        if (vector.IsEmpty)
        {
            throw new ArgumentException("The vector is empty.", parameterName);
        }

        for (var i = 0; i < vector.Length; i++)
        {
            if (!float.IsFinite(vector[i]))
            {
                throw new ArgumentException($"The vector has a non-finite value ({vector[i]}) at position {i}.", parameterName);
            }
        }
    }
}
