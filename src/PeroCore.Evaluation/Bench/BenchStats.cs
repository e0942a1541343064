using System.Diagnostics;

namespace PeroCore.Evaluation.Bench;

/// <summary>Stopwatch sampling with warm-up, and nearest-rank percentiles.</summary>
public static class BenchStats
{
    /// <summary>
    /// Runs <paramref name="warmup"/> unmeasured calls, then <paramref name="samples"/> measured ones; each measured
    /// call runs <paramref name="batch"/> operations and yields the mean time per operation in milliseconds.
    /// Stops early (keeping at least 5 samples) once <paramref name="budget"/> is spent.
    /// </summary>
    public static async Task<double[]> SampleAsync(Func<int, ValueTask> operation, int warmup, int samples, int batch = 1, TimeSpan? budget = null)
    {
        ArgumentNullException.ThrowIfNull(operation);
        var i = 0;
        for (var w = 0; w < warmup; w++)
        {
            await operation(i++).ConfigureAwait(false);
        }

        var limit = budget ?? TimeSpan.FromSeconds(20);
        var total = Stopwatch.StartNew();
        var result = new List<double>(samples);
        for (var s = 0; s < samples; s++)
        {
            var start = Stopwatch.GetTimestamp();
            for (var b = 0; b < batch; b++)
            {
                await operation(i++).ConfigureAwait(false);
            }

            result.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds / batch);
            if (result.Count >= 5 && total.Elapsed > limit)
            {
                break;
            }
        }

        return [.. result];
    }

    /// <summary>Synchronous form of <see cref="SampleAsync"/>.</summary>
    public static double[] Sample(Action<int> operation, int warmup, int samples, int batch = 1, TimeSpan? budget = null)
    {
        ArgumentNullException.ThrowIfNull(operation);
        return SampleAsync(i =>
        {
            operation(i);
            return ValueTask.CompletedTask;
        }, warmup, samples, batch, budget).GetAwaiter().GetResult();
    }

    /// <summary>The nearest-rank percentile (0–100) of the values.</summary>
    public static double Percentile(IReadOnlyList<double> values, double percentile)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0)
        {
            return double.NaN;
        }

        var sorted = values.Order().ToArray();
        var rank = (int)Math.Ceiling(percentile / 100.0 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }
}
