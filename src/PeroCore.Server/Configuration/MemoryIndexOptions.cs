using PeroCore.Memory;
using PeroCore.Memory.Indexing;

namespace PeroCore.Server.Configuration;

/// <summary>Section <c>Memory:Index</c>: the HNSW settings of the memory engine's vector indexes.</summary>
[SettingsSection("Memory:Index")]
internal sealed class MemoryIndexOptions
{
    private static readonly VectorIndexOptions Defaults = new();

    /// <summary><c>Memory:Index:Connectivity</c>: HNSW M.</summary>
    [IntegerRange(2, 128)]
    public int Connectivity { get; set; } = Defaults.Connectivity;

    /// <summary><c>Memory:Index:ExpansionAdd</c>: efConstruction.</summary>
    [IntegerRange(1, 4096)]
    public int ExpansionAdd { get; set; } = Defaults.ExpansionAdd;

    /// <summary><c>Memory:Index:BulkExpansionAdd</c>: efConstruction while a backlog of thousands of vectors is inserted (0: always ExpansionAdd).</summary>
    [IntegerRange(0, 4096)]
    public int BulkExpansionAdd { get; set; } = Defaults.BulkExpansionAdd;

    /// <summary><c>Memory:Index:ExpansionSearch</c>: efSearch at 100k vectors.</summary>
    [IntegerRange(1, 4096)]
    public int ExpansionSearch { get; set; } = Defaults.ExpansionSearch;

    /// <summary><c>Memory:Index:ScaleExpansionSearch</c>: scale efSearch with the index size.</summary>
    public bool ScaleExpansionSearch { get; set; } = Defaults.ScaleExpansionSearch;

    /// <summary><c>Memory:Index:Quantization</c>: how the HNSW graph stores vectors.</summary>
    public VectorQuantization Quantization { get; set; } = Defaults.Quantization;

    /// <summary>The engine's index settings.</summary>
    public VectorIndexOptions ToIndexSettings() => new()
    {
        Connectivity = Connectivity,
        ExpansionAdd = ExpansionAdd,
        BulkExpansionAdd = BulkExpansionAdd,
        ExpansionSearch = ExpansionSearch,
        ScaleExpansionSearch = ScaleExpansionSearch,
        Quantization = Quantization,
    };

    /// <summary>Engine options for a data folder.</summary>
    public MemoryEngineOptions ToEngineOptions(string indexDirectory) => new() { IndexDirectory = indexDirectory, Index = ToIndexSettings() };
}
