using System.Text.Json.Serialization;

namespace PeroCore.Server.Diagnostics;

/// <summary>
/// <c>GET /api/system/status</c>: the original's keys (<c>cpu</c>, <c>memory</c>, <c>disk</c>, <c>boot_time</c> in epoch
/// seconds as psutil gives it) and ours beside them (<c>uptime_seconds</c>, <c>source</c>, the disk's <c>free</c> and <c>path</c>).
/// </summary>
internal sealed record HostStatus(
    CpuStatus Cpu,
    MemoryStatus Memory,
    DiskStatus Disk,
    double BootTime,
    long UptimeSeconds,
    [property: JsonPropertyName("source")] string Source);
