using System.Globalization;
using Microsoft.OpenApi;
using PeroCore.Memory.Recall;
using PeroCore.Memory.Storage;

namespace PeroCore.Server.Api;

/// <summary>
/// The filters the dashboard's memory list, search and recall activation share, read from the query string:
/// <c>date_start</c>/<c>date_end</c> (the original's, local days, inclusive), <c>type</c> (comma-separated),
/// <c>tags</c> (comma-separated; a memory must carry every one), <c>archived</c> (<c>exclude</c>, <c>include</c> or
/// <c>only</c>; the older <c>include_archived=true</c> means <c>include</c>). A bad value is a 400 naming the parameter.
/// </summary>
internal sealed record MemoryFilters(DateTimeOffset? From, DateTimeOffset? Until, IReadOnlyList<string> Types, IReadOnlyList<string> Tags, ArchivedFilter Archived)
{
    /// <summary>The most types or tags one filter may list.</summary>
    public const int MaxValues = 20;

    /// <summary>The longest type or tag accepted in a filter.</summary>
    public const int MaxValueLength = 100;

    /// <summary>The query parameters, with their descriptions for the OpenAPI document.</summary>
    public static readonly (string Name, string Description)[] Parameters =
    [
        ("date_start", "Only memories from this local day on (yyyy-MM-dd)."),
        ("date_end", "Only memories up to this local day, inclusive (yyyy-MM-dd)."),
        ("type", "Only these memory types, comma-separated (e.g. event,fact)."),
        ("tags", "Only memories carrying every one of these tags, comma-separated."),
        ("archived", "exclude (default), include, or only: whether archived memories are shown."),
        ("include_archived", "true: the same as archived=include (the older spelling)."),
    ];

    /// <summary>Whether anything beyond the default is asked.</summary>
    public bool NarrowsSearch => Tags.Count > 1 || Archived == ArchivedFilter.Only;

    /// <summary>Reads the filters of a request.</summary>
    /// <exception cref="ArgumentException">A bad value, naming its parameter.</exception>
    public static MemoryFilters Parse(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var from = Day(request, "date_start");
        var until = Day(request, "date_end")?.AddDays(1);
        if (from is not null && until is not null && from >= until)
        {
            throw new ArgumentException($"'date_end' must not be before 'date_start' (got {request.Query["date_start"]} to {request.Query["date_end"]}).");
        }

        var types = List(request, "type");
        var tags = TagList.Normalize(List(request, "tags"));
        var archived = ArchivedOf(request);
        return new MemoryFilters(from, until, types, tags, archived);
    }

    /// <summary>The list query these filters ask for.</summary>
    public MemoryListQuery ToListQuery(int limit, int offset, (long, long)? before) => new()
    {
        Limit = limit,
        Offset = offset,
        From = From,
        Until = Until,
        Types = Types,
        Tags = Tags,
        IncludeArchived = Archived != ArchivedFilter.Exclude,
        ArchivedOnly = Archived == ArchivedFilter.Only,
        Before = before,
    };

    /// <summary>
    /// The recall filter these filters ask for. The recall keeps memories with at least one of the tags and does not
    /// tell archived ones apart: <see cref="Accepts"/> applies the rest to its results.
    /// </summary>
    public RecallFilter ToRecallFilter() => new()
    {
        From = From,
        Until = Until,
        Types = Types,
        Tags = Tags,
        IncludeArchived = Archived != ArchivedFilter.Exclude,
    };

    /// <summary>Whether a recalled memory passes the parts the recall filter cannot express (every tag; archived only).</summary>
    public bool Accepts(MemoryRecord memory)
    {
        ArgumentNullException.ThrowIfNull(memory);
        return (Archived != ArchivedFilter.Only || memory.ArchivedAt is not null)
               && Tags.All(t => memory.Tags.Contains(t, StringComparer.OrdinalIgnoreCase));
    }

    /// <summary>Reads the keyset cursor <c>before=TIMESTAMP:ID</c> (a memory's <c>timestamp</c> in epoch ms and its id).</summary>
    /// <exception cref="ArgumentException">A bad cursor, or a cursor together with an offset.</exception>
    public static (long TimestampMs, long Id)? Cursor(HttpRequest request, int offset)
    {
        ArgumentNullException.ThrowIfNull(request);
        var raw = request.Query["before"].ToString();
        if (raw.Length == 0)
        {
            return null;
        }

        var parts = raw.Split(':');
        if (parts.Length != 2 || !long.TryParse(parts[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var ts)
            || !long.TryParse(parts[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var id) || id < 0)
        {
            throw new ArgumentException($"'before' must be TIMESTAMP:ID, the timestamp (epoch ms) and id of the last memory of the previous page (got '{Clip(raw)}').");
        }

        if (offset > 0)
        {
            throw new ArgumentException("'before' and 'offset' cannot be used together: page with one of them.");
        }

        return (ts, id);
    }

    /// <summary>Documents the filter parameters (and any <paramref name="extra"/>) on an endpoint's OpenAPI operation.</summary>
    public static TBuilder Document<TBuilder>(TBuilder builder, params (string Name, string Description)[] extra)
        where TBuilder : IEndpointConventionBuilder => builder.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            operation.Parameters ??= [];
            foreach (var (name, description) in extra.Concat(Parameters))
            {
                if (operation.Parameters.Any(p => p.Name == name))
                {
                    continue;
                }

                operation.Parameters.Add(new OpenApiParameter
                {
                    Name = name,
                    In = ParameterLocation.Query,
                    Description = description,
                    Schema = new OpenApiSchema { Type = JsonSchemaType.String },
                });
            }

            return Task.CompletedTask;
        });

    private static ArchivedFilter ArchivedOf(HttpRequest request)
    {
        var raw = request.Query["archived"].ToString();
        ArchivedFilter? archived = raw.ToLowerInvariant() switch
        {
            "" => null,
            "exclude" or "false" or "0" => ArchivedFilter.Exclude,
            "include" or "true" or "1" => ArchivedFilter.Include,
            "only" => ArchivedFilter.Only,
            _ => throw new ArgumentException($"'archived' must be exclude, include or only (got '{Clip(raw)}')."),
        };
        var legacy = MemoryHistoryEndpoints.Flag(request, "include_archived");
        if (archived is { } a && legacy && a != ArchivedFilter.Include)
        {
            throw new ArgumentException($"'include_archived=true' contradicts 'archived={raw}': send one of them.");
        }

        return archived ?? (legacy ? ArchivedFilter.Include : ArchivedFilter.Exclude);
    }

    private static readonly char[] Separators = [',', '，'];

    private static List<string> List(HttpRequest request, string name)
    {
        var values = request.Query[name].SelectMany(v => (v ?? string.Empty).Split(Separators, StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            .Distinct(StringComparer.Ordinal).ToList();
        if (values.Count > MaxValues)
        {
            throw new ArgumentException($"'{name}' lists {values.Count} values; at most {MaxValues} are allowed.");
        }

        if (values.FirstOrDefault(v => v.Length > MaxValueLength) is { } tooLong)
        {
            throw new ArgumentException($"'{name}' has a value longer than {MaxValueLength} characters ('{Clip(tooLong)}').");
        }

        return values;
    }

    private static DateTimeOffset? Day(HttpRequest request, string name)
    {
        var raw = request.Query[name].ToString();
        if (raw.Length == 0)
        {
            return null;
        }

        if (!DateOnly.TryParseExact(raw, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            throw new ArgumentException($"'{name}' must be a date like 2026-01-31 (got '{Clip(raw)}').");
        }

        var local = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        return new DateTimeOffset(local, TimeZoneInfo.Local.GetUtcOffset(local));
    }

    private static string Clip(string raw) => raw.Length > 40 ? raw[..40] + "…" : raw;
}
