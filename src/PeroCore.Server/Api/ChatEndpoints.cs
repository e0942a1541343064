using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.AI;
using PeroCore.Agent.Chat;
using PeroCore.Agent.Scoring;
using PeroCore.Memory.Storage;

namespace PeroCore.Server.Api;

/// <summary><c>POST /api/chat</c> (server-sent events) and <c>POST /api/history/{id}/retry_analysis</c>.</summary>
internal static class ChatEndpoints
{
    /// <summary>Maps the endpoints.</summary>
    public static void Map(IEndpointRouteBuilder routes)
    {
        routes.MapPost("/api/chat", async (HttpContext http, ChatAgent agent, ILoggerFactory loggers) =>
        {
            var body = await JsonBody.ReadObjectAsync(http.Request, http.RequestAborted).ConfigureAwait(false);
            var request = ParseRequest(body);
            http.Response.Headers["X-Accel-Buffering"] = "no";
            return TypedResults.ServerSentEvents(Frames(agent.RunAsync(request, http.RequestAborted), loggers.CreateLogger("PeroCore.Chat"), http.RequestAborted));
        }).Accepts<ChatBody>("application/json");

        routes.MapPost("/api/history/{id:long}/retry_analysis", async Task<Results<Ok<RetryAnalysisResponse>, ProblemHttpResult>> (long id, PeroStore store,
            IServiceProvider services, CancellationToken ct) =>
        {
            var entry = await store.Logs.GetAsync(id, ct).ConfigureAwait(false);
            if (entry is null)
            {
                return ApiProblems.NotFound($"History entry {id} does not exist.");
            }

            if (string.IsNullOrEmpty(entry.PairId))
            {
                return ApiProblems.NotFound($"History entry {id} belongs to no exchange (it has no pair_id).");
            }

            var scorer = services.GetService<ScorerService>();
            await store.Logs.SetAnalysisAsync(entry.PairId, "pending", cancellationToken: ct).ConfigureAwait(false);
            var queued = scorer?.Enqueue(entry.PairId) ?? false;
            return TypedResults.Ok(new RetryAnalysisResponse(
                scorer is null ? "pending" : "queued",
                id,
                entry.PairId,
                scorer is null ? "The scorer is disabled (Agent:ScorerEnabled=false); the exchange stays pending."
                    : queued ? "The exchange will be analysed again." : "The exchange is already waiting for analysis."));
        });
    }

    /// <summary>
    /// The agent's events as wire frames, then <c>[DONE]</c>. An unexpected failure after the stream started becomes an
    /// in-band error frame; a client that left ends the stream quietly.
    /// </summary>
    private static async IAsyncEnumerable<SseItem<string>> Frames(IAsyncEnumerable<ChatEvent> events, ILogger logger,
        [EnumeratorCancellation] CancellationToken aborted)
    {
        var enumerator = events.GetAsyncEnumerator(aborted);
        try
        {
            while (true)
            {
                SseItem<string>? failure = null;
                try
                {
                    if (!await enumerator.MoveNextAsync().ConfigureAwait(false))
                    {
                        break;
                    }
                }
                catch (OperationCanceledException) when (aborted.IsCancellationRequested)
                {
                    yield break;
                }
#pragma warning disable CA1031 // Any failure becomes an in-band error event; the stream has already started.
                catch (Exception ex)
#pragma warning restore CA1031
                {
                    logger.LogError(ex, "The chat request failed");
                    failure = ChatWire.Error(ex.Message);
                }

                if (failure is { } error)
                {
                    yield return error;
                    break;
                }

                if (ChatWire.Frame(enumerator.Current) is { } frame)
                {
                    yield return frame;
                }
            }
        }
        finally
        {
            await enumerator.DisposeAsync().ConfigureAwait(false);
        }

        yield return new SseItem<string>(ChatWire.Done);
    }

    /// <summary>Reads <c>{messages, source, sessionId|session_id}</c>.</summary>
    internal static ChatRequest ParseRequest(JsonObject body)
    {
        if (body["messages"] is not JsonArray array)
        {
            throw new RequestValidationException("'messages' is required and must be an array of {role, content} objects.");
        }

        if (array.Count > FieldLimits.ChatMessages)
        {
            throw new RequestValidationException($"'messages' holds {array.Count} messages; the limit is {FieldLimits.ChatMessages}.");
        }

        var messages = new List<ChatMessage>(array.Count);
        for (var i = 0; i < array.Count; i++)
        {
            if (array[i] is not JsonObject m)
            {
                throw new RequestValidationException($"'messages[{i}]' must be an object with 'role' and 'content'.");
            }

            var role = (m["role"] is JsonValue r && r.GetValueKind() == JsonValueKind.String ? r.GetValue<string>() : "user").Trim().ToUpperInvariant() switch
            {
                "SYSTEM" => ChatRole.System,
                "ASSISTANT" => ChatRole.Assistant,
                _ => ChatRole.User,
            };
            var text = ContentText(m["content"]);
            if (text.Length > FieldLimits.Text)
            {
                throw JsonBody.TooLong($"messages[{i}].content", text.Length, FieldLimits.Text);
            }

            messages.Add(new ChatMessage(role, text));
        }

        var source = JsonBody.String(body, "source", FieldLimits.Name);
        var session = JsonBody.String(body, "sessionId", FieldLimits.Name) ?? JsonBody.String(body, "session_id", FieldLimits.Name);
        return new ChatRequest
        {
            Messages = messages,
            Source = string.IsNullOrWhiteSpace(source) ? ChatRequest.DefaultSource : source.Trim(),
            SessionId = string.IsNullOrWhiteSpace(session) ? ChatRequest.DefaultSession : session.Trim(),
        };
    }

    /// <summary>A message's text: a string, the <c>text</c> parts of an OpenAI-style parts array, or other JSON as its text.</summary>
    private static string ContentText(JsonNode? content) => content switch
    {
        null => string.Empty,
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        JsonArray parts => string.Join("\n", parts.OfType<JsonObject>()
            .Where(p => p["type"] is JsonValue t && t.GetValueKind() == JsonValueKind.String && t.GetValue<string>() == "text")
            .Select(p => p["text"] is JsonValue x && x.GetValueKind() == JsonValueKind.String ? x.GetValue<string>() : string.Empty)),
        _ => content.ToJsonString(),
    };
}
