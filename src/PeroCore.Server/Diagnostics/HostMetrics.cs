using System.Globalization;

namespace PeroCore.Server.Diagnostics;

/// <summary>
/// Host figures for <c>GET /api/system/status</c>, read the way psutil reads them on Linux (<c>/proc/stat</c>,
/// <c>/proc/meminfo</c>) and from .NET elsewhere; the disk is the data folder's drive. CPU use is measured between
/// two readings of <c>/proc/stat</c>: since the previous request, or over a short sample when there was none recently.
/// </summary>
internal sealed class HostMetrics(TimeProvider clock)
{
    private static readonly TimeSpan MinimumWindow = TimeSpan.FromMilliseconds(100);
    private readonly Lock _gate = new();
    private (long Busy, long Total, long At)? _last;

    /// <summary>Reads every figure; <paramref name="dataPath"/> picks the disk.</summary>
    public async Task<HostStatus> ReadAsync(string dataPath, CancellationToken cancellationToken)
    {
        var cpu = await CpuPercentAsync(cancellationToken).ConfigureAwait(false);
        var (memTotal, memAvailable) = Memory();
        var memUsed = Math.Max(0, memTotal - memAvailable);
        var (diskTotal, diskFree) = Disk(dataPath);
        var diskUsed = Math.Max(0, diskTotal - diskFree);
        var boot = BootTime();
        return new HostStatus(
            new CpuStatus(Math.Round(cpu, 1), Environment.ProcessorCount),
            new MemoryStatus(memTotal, memAvailable, Percent(memUsed, memTotal), memUsed),
            new DiskStatus(diskTotal, diskUsed, Percent(diskUsed, diskTotal), diskFree, dataPath),
            boot.ToUnixTimeMilliseconds() / 1000.0,
            (long)(clock.GetUtcNow() - boot).TotalSeconds,
            Environment.OSVersion.Platform == PlatformID.Unix && File.Exists("/proc/stat") ? "proc" : "dotnet");
    }

    private static double Percent(long part, long whole) => whole <= 0 ? 0 : Math.Round(100.0 * part / whole, 1);

    private async Task<double> CpuPercentAsync(CancellationToken cancellationToken)
    {
        var now = ReadProcStat();
        if (now is null)
        {
            return 0;
        }

        (long Busy, long Total, long At)? previous;
        lock (_gate)
        {
            previous = _last;
        }

        var at = clock.GetTimestamp();
        if (previous is null || clock.GetElapsedTime(previous.Value.At, at) < MinimumWindow || now.Value.Total <= previous.Value.Total)
        {
            previous = (now.Value.Busy, now.Value.Total, at);
            await Task.Delay(MinimumWindow, clock, cancellationToken).ConfigureAwait(false);
            now = ReadProcStat() ?? now;
            at = clock.GetTimestamp();
        }

        lock (_gate)
        {
            _last = (now.Value.Busy, now.Value.Total, at);
        }

        var total = now.Value.Total - previous.Value.Total;
        return total <= 0 ? 0 : Math.Clamp(100.0 * (now.Value.Busy - previous.Value.Busy) / total, 0, 100);
    }

    /// <summary>The first line of <c>/proc/stat</c>: busy and total jiffies (idle = idle + iowait), or null off Linux.</summary>
    private static (long Busy, long Total)? ReadProcStat()
    {
        try
        {
            var line = File.ReadLines("/proc/stat").FirstOrDefault(l => l.StartsWith("cpu ", StringComparison.Ordinal));
            if (line is null)
            {
                return null;
            }

            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
                .Select(f => long.TryParse(f, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : 0).ToArray();
            // user nice system idle iowait irq softirq steal (guest times are already inside user/nice).
            var total = fields.Take(8).Sum();
            var idle = fields.ElementAtOrDefault(3) + fields.ElementAtOrDefault(4);
            return (total - idle, total);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Total and available bytes: <c>MemTotal</c>/<c>MemAvailable</c> of <c>/proc/meminfo</c>, else the GC's view.</summary>
    private static (long Total, long Available) Memory()
    {
        try
        {
            if (File.Exists("/proc/meminfo"))
            {
                long total = 0, available = -1, free = 0;
                foreach (var line in File.ReadLines("/proc/meminfo"))
                {
                    var parts = line.Split(':', 2);
                    if (parts.Length != 2)
                    {
                        continue;
                    }

                    var value = long.TryParse(parts[1].Trim().Split(' ')[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var kb) ? kb * 1024 : 0;
                    switch (parts[0])
                    {
                        case "MemTotal": total = value; break;
                        case "MemAvailable": available = value; break;
                        case "MemFree": free = value; break;
                    }
                }

                if (total > 0)
                {
                    return (total, available >= 0 ? available : free);
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // fall through to the runtime's figures
        }

        var info = GC.GetGCMemoryInfo();
        return (info.TotalAvailableMemoryBytes, Math.Max(0, info.TotalAvailableMemoryBytes - info.MemoryLoadBytes));
    }

    private static (long Total, long Free) Disk(string path)
    {
        try
        {
            var drive = new DriveInfo(Directory.Exists(path) ? path : Path.GetPathRoot(Path.GetFullPath(path)) ?? "/");
            return (drive.TotalSize, drive.AvailableFreeSpace);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return (0, 0);
        }
    }

    /// <summary><c>btime</c> of <c>/proc/stat</c>, else now minus the system's uptime.</summary>
    private DateTimeOffset BootTime()
    {
        try
        {
            var line = File.Exists("/proc/stat") ? File.ReadLines("/proc/stat").FirstOrDefault(l => l.StartsWith("btime ", StringComparison.Ordinal)) : null;
            if (line is not null && long.TryParse(line.AsSpan(6).Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds))
            {
                return DateTimeOffset.FromUnixTimeSeconds(seconds);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // fall through
        }

        return clock.GetUtcNow() - TimeSpan.FromMilliseconds(Environment.TickCount64);
    }
}
