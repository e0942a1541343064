using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using PeroCore.Evaluation.Bench;

namespace PeroCore.Benchmarks;

/// <summary>
/// A column whose value a benchmark's GlobalSetup wrote to <c>bench/.cache/results/{key}</c>: BenchmarkDotNet runs
/// each case in a child process, so a value computed there (recall@20, activated nodes) reaches the summary through a file.
/// </summary>
public sealed class FileColumn(string name, string legend, Func<BenchmarkCase, string> key) : IColumn
{
    /// <summary>Writes a value for the summary column.</summary>
    public static void Write(string key, string value)
    {
        var folder = Path.Combine(BenchPaths.RepositoryCache(), "results");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, key), value);
        Console.WriteLine($"// {key} = {value}");
    }

    /// <inheritdoc />
    public string Id => "File." + name;

    /// <inheritdoc />
    public string ColumnName => name;

    /// <inheritdoc />
    public bool AlwaysShow => true;

    /// <inheritdoc />
    public ColumnCategory Category => ColumnCategory.Custom;

    /// <inheritdoc />
    public int PriorityInCategory => 0;

    /// <inheritdoc />
    public bool IsNumeric => false;

    /// <inheritdoc />
    public UnitType UnitType => UnitType.Dimensionless;

    /// <inheritdoc />
    public string Legend => legend;

    /// <inheritdoc />
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase)
    {
        var path = Path.Combine(BenchPaths.RepositoryCache(), "results", key(benchmarkCase));
        return File.Exists(path) ? File.ReadAllText(path) : "?";
    }

    /// <inheritdoc />
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) => GetValue(summary, benchmarkCase);

    /// <inheritdoc />
    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    /// <inheritdoc />
    public bool IsAvailable(Summary summary) => true;

    /// <summary>The value of parameter <paramref name="parameter"/> of a case, as text.</summary>
    public static string Param(BenchmarkCase benchmarkCase, string parameter) =>
        benchmarkCase.Parameters.Items.FirstOrDefault(p => p.Name == parameter)?.Value?.ToString() ?? "?";
}
