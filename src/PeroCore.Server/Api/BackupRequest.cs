namespace PeroCore.Server.Api;

/// <summary>The body of <c>POST /api/backup</c>: <c>{path, force?}</c>.</summary>
internal sealed record BackupRequest(string Path, bool Force)
{
    private static readonly string[] Fields = ["path", "force"];

    /// <summary>Reads and checks the body (minimal APIs call this to bind the parameter).</summary>
    public static async ValueTask<BackupRequest> BindAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var body = await JsonBody.ReadObjectAsync(context.Request, context.RequestAborted).ConfigureAwait(false);
        JsonBody.RejectUnknown(body, Fields);
        return new BackupRequest(JsonBody.RequiredString(body, "path", FieldLimits.Url), JsonBody.Boolean(body, "force") ?? false);
    }
}
