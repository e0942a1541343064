namespace PeroCore.Agent.Tools.Web;

/// <summary>A fetched page: where it ended up, its title and readable text.</summary>
/// <param name="FinalUrl">The URL after redirects.</param>
/// <param name="Title">The page title, if any.</param>
/// <param name="Text">The readable text (not yet cut to the character limit).</param>
/// <param name="Truncated">The body was longer than the byte limit and only its start was read.</param>
public sealed record WebFetchResult(Uri FinalUrl, string? Title, string Text, bool Truncated);
