using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace PeroCore.Evaluation.Bench;

/// <summary>One row of the speed table.</summary>
/// <param name="Case">What was measured.</param>
/// <param name="Median">Median (latency in <paramref name="Unit"/>, or throughput).</param>
/// <param name="P99">99th percentile latency, or for throughput the 1st-percentile (worst) rate.</param>
/// <param name="Unit">Unit of <paramref name="Median"/> and <paramref name="P99"/>.</param>
/// <param name="Target">The target, as text ("≤ 0.3 ms p50"), or empty.</param>
/// <param name="Met">Whether the target is met (null when there is none or it is not checked at this size).</param>
/// <param name="Notes">Extra facts (recall@20, activated nodes, samples).</param>
public sealed record BenchRow(string Case, double Median, double P99, string Unit, string Target, bool? Met, string Notes);

/// <summary>The result of <c>perocore bench</c>: the machine and one row per case.</summary>
public sealed class BenchReport
{
    /// <summary>The rows, in the order measured.</summary>
    public List<BenchRow> Rows { get; } = [];

    /// <summary>Wall time of the whole run.</summary>
    public TimeSpan Elapsed { get; set; }

    /// <summary>One line describing the machine.</summary>
    public static string Machine => string.Create(CultureInfo.InvariantCulture,
        $"{Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription} {RuntimeInformation.OSArchitecture}, {RuntimeInformation.FrameworkDescription}, {RuntimeInformation.ProcessArchitecture}");

    /// <summary>The table as markdown, with the machine line above it.</summary>
    public string ToMarkdown()
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"Machine: {Machine}; run took {Elapsed.TotalSeconds:F0} s").AppendLine().AppendLine();
        sb.AppendLine("| Case | Median | p99 (throughput: worst 1%) | Unit | Target | Met | Notes |");
        sb.AppendLine("|---|---:|---:|---|---|---|---|");
        foreach (var r in Rows)
        {
            var met = r.Met switch { true => "yes", false => "**no**", null => "–" };
            sb.Append(CultureInfo.InvariantCulture, $"| {r.Case} | {Format(r.Median)} | {Format(r.P99)} | {r.Unit} | {r.Target} | {met} | {r.Notes} |").AppendLine();
        }

        return sb.ToString();
    }

    private static string Format(double value) => double.IsNaN(value) ? "–" : value switch
    {
        >= 1000 => value.ToString("N0", CultureInfo.InvariantCulture),
        >= 10 => value.ToString("F1", CultureInfo.InvariantCulture),
        >= 0.1 => value.ToString("F3", CultureInfo.InvariantCulture),
        _ => value.ToString("F4", CultureInfo.InvariantCulture),
    };
}
