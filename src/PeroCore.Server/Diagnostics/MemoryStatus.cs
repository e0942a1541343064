namespace PeroCore.Server.Diagnostics;

/// <summary>Physical memory in bytes, as psutil's <c>virtual_memory()</c> reports it.</summary>
internal sealed record MemoryStatus(long Total, long Available, double Percent, long Used);
