namespace PeroCore.Server.Api;

/// <summary>The body of <c>POST /api/open-path</c>: <c>{"path": "…"}</c>.</summary>
internal sealed record OpenPathRequest(string Path)
{
    private static readonly string[] Fields = ["path"];

    /// <summary>Reads and checks the body (minimal APIs call this to bind the parameter).</summary>
    public static async ValueTask<OpenPathRequest> BindAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var body = await JsonBody.ReadObjectAsync(context.Request, context.RequestAborted).ConfigureAwait(false);
        JsonBody.RejectUnknown(body, Fields);
        return new OpenPathRequest(JsonBody.RequiredString(body, "path", FieldLimits.Url));
    }
}
