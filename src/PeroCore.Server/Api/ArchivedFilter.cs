namespace PeroCore.Server.Api;

/// <summary>Which memories a list or a search shows as to archiving (query <c>archived</c>).</summary>
internal enum ArchivedFilter
{
    /// <summary>Active memories only (the default).</summary>
    Exclude,

    /// <summary>Active and archived memories.</summary>
    Include,

    /// <summary>Archived memories only.</summary>
    Only,
}
