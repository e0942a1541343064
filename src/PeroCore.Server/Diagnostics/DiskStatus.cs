namespace PeroCore.Server.Diagnostics;

/// <summary>The data folder's drive in bytes (the original reported <c>/</c>); <c>free</c> and <c>path</c> are ours.</summary>
internal sealed record DiskStatus(long Total, long Used, double Percent, long Free, string Path);
