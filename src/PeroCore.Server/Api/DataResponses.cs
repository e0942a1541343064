namespace PeroCore.Server.Api;

/// <summary><c>POST /api/system/reset</c>: <c>{"status":"success","message":…}</c> as the original answers, the message in the prompt language.</summary>
internal sealed record ResetResponse(string Status, string Message);

/// <summary>
/// <c>POST /api/import</c>: <c>status</c> is <c>success</c> (every line written), <c>partial</c> (bad lines skipped,
/// the rest written) or <c>failed</c> (nothing written: <c>?strict=true</c> and a bad line, or a bad header).
/// </summary>
internal sealed record ImportResponse(string Status, string Format, long Written, long Memories, long AlreadyPresent, long Skipped, IReadOnlyList<string> Errors);

/// <summary><c>POST /api/backup</c>: where the copy is, its size, and what it holds.</summary>
internal sealed record BackupResponse(string Status, string Path, long Bytes, string Note);
