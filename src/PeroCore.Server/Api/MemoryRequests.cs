using PeroCore.Memory.Storage;

namespace PeroCore.Server.Api;

/// <summary>
/// The body of <c>POST /api/memories</c>: <c>{content, tags?: "a,b" or [..], importance?, msgTimestamp?, source?, type?,
/// sentiment?, clusters?}</c>, checked field by field.
/// </summary>
internal sealed record MemoryDraft(NewMemory Memory)
{
    private static readonly string[] Fields = ["content", "tags", "importance", "msgTimestamp", "source", "type", "sentiment", "clusters"];

    /// <summary>Reads and checks the body (minimal APIs call this to bind the parameter).</summary>
    public static async ValueTask<MemoryDraft> BindAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var body = await JsonBody.ReadObjectAsync(context.Request, context.RequestAborted).ConfigureAwait(false);
        JsonBody.RejectUnknown(body, Fields);
        return new MemoryDraft(new NewMemory
        {
            Content = MemoryFields.Content(body),
            Tags = MemoryFields.Tags(body) ?? [],
            Importance = MemoryFields.Importance(body) ?? 1,
            MsgTimestamp = JsonBody.String(body, "msgTimestamp", FieldLimits.Name),
            Source = JsonBody.String(body, "source", FieldLimits.Name) ?? "desktop",
            Type = MemoryFields.Type(body) ?? "event",
            Sentiment = JsonBody.String(body, "sentiment", FieldLimits.Name) ?? "neutral",
            Clusters = JsonBody.String(body, "clusters", FieldLimits.ShortText),
        });
    }
}

/// <summary>The body of <c>POST /api/memories/relations</c>: <c>{source_id, target_id, relation_type?, strength?, description?}</c>.</summary>
internal sealed record RelationDraft(long SourceId, long TargetId, string RelationType, double Strength, string? Description)
{
    private static readonly string[] Fields = ["source_id", "target_id", "relation_type", "strength", "description"];

    /// <summary>Reads and checks the body (minimal APIs call this to bind the parameter).</summary>
    public static async ValueTask<RelationDraft> BindAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var body = await JsonBody.ReadObjectAsync(context.Request, context.RequestAborted).ConfigureAwait(false);
        JsonBody.RejectUnknown(body, Fields);
        return new RelationDraft(
            JsonBody.Integer(body, "source_id") ?? throw new RequestValidationException("'source_id' is required."),
            JsonBody.Integer(body, "target_id") ?? throw new RequestValidationException("'target_id' is required."),
            JsonBody.String(body, "relation_type", FieldLimits.Name) ?? RelationTypes.Associative,
            JsonBody.Number(body, "strength") ?? 0.5,
            JsonBody.String(body, "description", FieldLimits.ShortText));
    }
}
