using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;
using PeroCore.Agent.Prompts;
using PeroCore.Memory;
using PeroCore.Memory.Storage;
using PeroCore.Server.Configuration;

namespace PeroCore.Server.Api;

/// <summary>
/// The user's data as a whole: <c>GET /api/export</c>, <c>POST /api/import</c>, <c>POST /api/backup</c> and the factory
/// reset <c>POST /api/system/reset</c>.
/// </summary>
internal static class DataEndpoints
{
    /// <summary>The media type of JSON Lines.</summary>
    public const string Ndjson = "application/x-ndjson";

    /// <summary>What a backup holds (the server's answer and the CLI's).</summary>
    public const string BackupNote =
        "A consistent copy of perocore.db made with SQLite's backup API. The vector index files are not copied: started from this copy (as perocore.db in an empty data folder), PeroCore rebuilds them from the vectors in the database.";

    /// <summary>Maps the endpoints.</summary>
    public static void Map(IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/export", (MemoryEngine engine, TimeProvider clock, HttpContext http) =>
            TypedResults.Stream(async stream => await engine.ExportAsync(stream, http.RequestAborted).ConfigureAwait(false), Ndjson,
                $"perocore-export-{clock.GetUtcNow():yyyyMMdd-HHmmss}.jsonl"));

        routes.MapPost("/api/import", ImportAsync).Accepts<string>("application/x-ndjson");
        routes.MapPost("/api/memories/import", ImportAsync).Accepts<string>("application/x-ndjson");

        routes.MapPost("/api/backup", async (BackupRequest body, PeroCoreSettings settings, CancellationToken ct) =>
        {
            var target = BackupTarget.Check(body.Path, settings.Server.DataPath, body.Force);
            try
            {
                var bytes = await StoreBackup.CopyAsync(settings.Server.DatabasePath, target, ct).ConfigureAwait(false);
                return TypedResults.Ok(new BackupResponse("success", target, bytes, BackupNote));
            }
            catch (Exception ex) when (ex is UnauthorizedAccessException or (IOException and not FileNotFoundException))
            {
                throw new ArgumentException($"Cannot write '{target}': {ex.Message}", ex);
            }
        }).Accepts<BackupSchema>("application/json");

        routes.MapPost("/api/system/reset", async Task<Results<Ok<ResetResponse>, ProblemHttpResult>> (HttpRequest request, MemoryEngine engine, PeroStore store,
            PeroCoreSettings settings, CancellationToken ct) =>
        {
            if (request.ContentLength > 0 || request.ContentType is not null || request.Headers.TransferEncoding.Count > 0)
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "No body expected",
                    detail: "POST /api/system/reset takes no body (and no Content-Type): it resets everything but the model cards and the kept settings.");
            }

            var chinese = PromptLibrary.ParseLanguage(await store.Config.GetAsync(PromptLibrary.LanguageConfigKey, ct).ConfigureAwait(false)) == PromptLanguage.Chinese;
            var state = settings.PetStateDefaults;
            await engine.ResetAsync(async (tx, token) =>
            {
                // The original inserts a default pet state in the same step.
                var insert = tx.Connection!.CreateCommand();
                await using (insert.ConfigureAwait(false))
                {
                    insert.Transaction = tx;
                    insert.CommandText = "INSERT INTO pet_state (mood, vibe, mind, updated_at) VALUES ($mood, $vibe, $mind, $now)";
                    insert.Parameters.AddWithValue("$mood", state.Mood);
                    insert.Parameters.AddWithValue("$vibe", state.Vibe);
                    insert.Parameters.AddWithValue("$mind", state.Mind);
                    insert.Parameters.AddWithValue("$now", store.Database.NowMs);
                    await insert.ExecuteNonQueryAsync(token).ConfigureAwait(false);
                }
            }, ct).ConfigureAwait(false);
            return TypedResults.Ok(new ResetResponse("success", chinese
                ? "已恢复出厂设置：记忆、关系、对话记录、任务和状态已清空，模型卡片和保留的设置仍在。"
                : "Factory reset done: memories, relations, conversation logs, tasks and state were cleared; model cards and the kept settings remain."));
        });
    }

    /// <summary>
    /// <c>POST /api/import</c> (and <c>POST /api/memories/import</c>, the same): JSON Lines only; 200 when every line was
    /// written, 422 with the report when a line was bad.
    /// </summary>
    private static async Task<Results<Ok<ImportResponse>, UnprocessableEntity<ImportResponse>, ProblemHttpResult>> ImportAsync(HttpRequest request, MemoryEngine engine, CancellationToken ct)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var type) || !type.MediaType.Equals(Ndjson, StringComparison.OrdinalIgnoreCase))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "JSON Lines required",
                detail: $"Send the file as '{Ndjson}': one JSON object a line (a perocore export, or one memory a line).");
        }

        var strict = request.Query["strict"].ToString() switch
        {
            "" or "false" or "0" => false,
            "true" or "1" => true,
            var other => throw new ArgumentException($"'strict' must be true or false (got '{(other.Length > 20 ? other[..20] : other)}')."),
        };

        // The body is spooled to a temporary file: a strict import reads it twice, and the database write does not
        // wait on the client's upload.
        var spool = Path.GetTempFileName();
        try
        {
            var file = new FileStream(spool, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
            await using (file.ConfigureAwait(false))
            {
                await request.Body.CopyToAsync(file, ct).ConfigureAwait(false);
            }

            if (new FileInfo(spool).Length == 0)
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "Nothing to import",
                    detail: "The body is empty; send one JSON object a line.");
            }

            var report = await new DataImporter(engine).ImportAsync(
                () => new FileStream(spool, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true), strict, null, ct).ConfigureAwait(false);
            var response = new ImportResponse(report.Aborted ? "failed" : report.Skipped > 0 ? "partial" : "success", report.Format,
                report.Written, report.Memories, report.AlreadyPresent, report.Skipped, report.Errors);
            return report.Skipped > 0 ? TypedResults.UnprocessableEntity(response) : TypedResults.Ok(response);
        }
        finally
        {
            File.Delete(spool);
        }
    }
}
