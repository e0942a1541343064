using PeroCore.Memory;
using PeroCore.Memory.Indexing;

namespace PeroCore.Server.Configuration;

/// <summary>Section <c>Memory</c>: vector index settings of the memory engine.</summary>
public sealed record MemorySettings
{
    /// <summary>HNSW and precision settings.</summary>
    public VectorIndexOptions Index { get; init; } = new();

    /// <summary>Reads and validates the section.</summary>
    public static MemorySettings Read(SettingsReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var defaults = new VectorIndexOptions();
        return new MemorySettings
        {
            Index = new VectorIndexOptions
            {
                Connectivity = reader.Int("Memory:Index:Connectivity", defaults.Connectivity, 2, 128),
                ExpansionAdd = reader.Int("Memory:Index:ExpansionAdd", defaults.ExpansionAdd, 1, 4096),
                ExpansionSearch = reader.Int("Memory:Index:ExpansionSearch", defaults.ExpansionSearch, 1, 4096),
                ScaleExpansionSearch = reader.Bool("Memory:Index:ScaleExpansionSearch", defaults.ScaleExpansionSearch),
                Quantization = reader.Enum("Memory:Index:Quantization", defaults.Quantization),
            },
        };
    }

    /// <summary>Engine options for a data folder.</summary>
    public MemoryEngineOptions ToEngineOptions(string indexDirectory) => new() { IndexDirectory = indexDirectory, Index = Index };
}
