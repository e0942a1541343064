namespace PeroCore.Server.Diagnostics;

/// <summary>CPU use in percent over the last sample, and the logical processor count.</summary>
internal sealed record CpuStatus(double Percent, int Count);
