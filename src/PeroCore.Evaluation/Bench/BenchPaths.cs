namespace PeroCore.Evaluation.Bench;

/// <summary>Where benchmark caches live.</summary>
public static class BenchPaths
{
    /// <summary>
    /// <c>bench/.cache</c> of the repository that contains the current folder or this program (found by its
    /// <c>PeroCore.slnx</c>), so BenchmarkDotNet's child processes, which run from their own folders, share one cache;
    /// <c>PEROCORE_BENCH_CACHE</c> overrides it. Falls back to <c>bench/.cache</c> under the current folder.
    /// </summary>
    public static string RepositoryCache()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("PEROCORE_BENCH_CACHE");
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            return Path.GetFullPath(fromEnvironment);
        }

        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "PeroCore.slnx")))
                {
                    return Path.Combine(dir.FullName, "bench", ".cache");
                }
            }
        }

        return Path.GetFullPath(Path.Combine("bench", ".cache"));
    }
}
