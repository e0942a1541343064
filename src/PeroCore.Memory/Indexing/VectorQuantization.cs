namespace PeroCore.Memory.Indexing;

/// <summary>How the vector index stores vectors.</summary>
public enum VectorQuantization
{
    /// <summary>32-bit floats: exact distances, 4 bytes per component. The default.</summary>
    Float32 = 0,

    /// <summary>8-bit integers (cosine-normalised): a quarter of the memory and faster, slightly lower recall.</summary>
    Int8 = 1,

    /// <summary>16-bit floats: half the memory and memory traffic of <see cref="Float32"/>, with nearly the same recall.</summary>
    Float16 = 2,
}
