using PeroCore.Memory.Ingestion;

namespace PeroCore.Server.Api;

/// <summary>
/// The body of <c>PATCH /api/memories/{id}</c>: any of <c>{content, tags ("a,b" or [..]), importance, type}</c>, checked
/// like <c>POST /api/memories</c>; at least one is required.
/// </summary>
internal sealed record MemoryPatch(MemoryEdit Edit)
{
    private static readonly string[] Fields = ["content", "tags", "importance", "type"];

    /// <summary>Reads and checks the body (minimal APIs call this to bind the parameter).</summary>
    public static async ValueTask<MemoryPatch> BindAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var body = await JsonBody.ReadObjectAsync(context.Request, context.RequestAborted).ConfigureAwait(false);
        JsonBody.RejectUnknown(body, Fields);
        if (!Fields.Any(f => body[f] is not null))
        {
            throw new RequestValidationException($"Send at least one of {string.Join(", ", Fields)}.");
        }

        return new MemoryPatch(new MemoryEdit
        {
            Content = body.ContainsKey("content") ? MemoryFields.Content(body) : null,
            Tags = MemoryFields.Tags(body),
            Importance = MemoryFields.Importance(body),
            Type = MemoryFields.Type(body),
        });
    }
}
