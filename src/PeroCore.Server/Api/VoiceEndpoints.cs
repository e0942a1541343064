using Microsoft.AspNetCore.Http.HttpResults;
using PeroCore.Agent.Speech;
using PeroCore.Memory.Storage;
using PeroCore.Server.Configuration;
using PeroCore.Server.Voice;

namespace PeroCore.Server.Api;

/// <summary>
/// Voice: <c>/api/voice-configs</c> CRUD (one active per type, unique names, the active one cannot be deleted, keys masked on
/// read), one-shot <c>POST /api/voice/asr</c> and <c>POST /api/voice/tts</c>, the TTS files under
/// <c>/api/voice/audio/{file}</c>, and the <c>/ws/voice</c> socket (<see cref="VoiceSession"/>). A speech provider that is
/// missing or failing gives 503 or 502 with what to configure, never 500.
/// </summary>
internal static class VoiceEndpoints
{
    /// <summary>The one path that takes a multipart body (see <see cref="DriveByGuardMiddleware"/>).</summary>
    public const string AsrPath = "/api/voice/asr";

    /// <summary>Maps the endpoints.</summary>
    public static void Map(IEndpointRouteBuilder routes)
    {
        MapConfigs(routes);

        var voice = routes.MapGroup("/api/voice");
        voice.MapPost("/asr", async Task<Results<Ok<TranscriptionResponse>, ProblemHttpResult>> (AudioUpload upload, SpeechProviders speech, CancellationToken ct) =>
        {
            try
            {
                var stt = await speech.GetSpeechToTextAsync(ct).ConfigureAwait(false);
                var text = await stt.TranscribeAsync(upload.Audio, upload.FileName, ct).ConfigureAwait(false);
                return text.Length == 0
                    ? TypedResults.Problem("Nothing was recognised in the audio.", statusCode: StatusCodes.Status422UnprocessableEntity, title: ApiErrors.TitleFor(422))
                    : TypedResults.Ok(new TranscriptionResponse(text));
            }
            catch (SpeechException ex)
            {
                return SpeechProblem(ex);
            }
        }).Accepts<AudioUploadSchema>("multipart/form-data");

        voice.MapPost("/tts", async Task<Results<Ok<AudioUrlResponse>, ProblemHttpResult>> (SpeechRequest request, SpeechProviders speech, VoiceAudioStore audio,
            PeroStore store, CancellationToken ct) =>
        {
            try
            {
                var spoken = SpeechText.ForSpeech(request.Text);
                if (spoken.Length == 0)
                {
                    spoken = request.Text.Trim();
                }

                var tts = await speech.GetTextToSpeechAsync(ct).ConfigureAwait(false);
                var mood = (await store.PetStates.GetCurrentAsync(ct).ConfigureAwait(false))?.Mood;
                var result = await tts.SynthesizeAsync(spoken, VoiceMoods.For(mood), ct).ConfigureAwait(false);
                var name = await audio.SaveAsync(result, ct).ConfigureAwait(false);
                return TypedResults.Ok(new AudioUrlResponse($"/api/voice/audio/{name}"));
            }
            catch (SpeechException ex)
            {
                return SpeechProblem(ex);
            }
        }).Accepts<SpeechSchema>("application/json");

        voice.MapGet("/audio/{file}", Results<PhysicalFileHttpResult, ProblemHttpResult> (string file, VoiceAudioStore audio) =>
        {
            if (!VoiceAudioStore.IsValidName(file))
            {
                return BadName(file);
            }

            return audio.Find(file) is { } path
                ? TypedResults.PhysicalFile(path, SynthesizedSpeech.MediaTypeOf(Path.GetExtension(file).TrimStart('.')))
                : ApiProblems.NotFound($"The audio file '{file}' does not exist (files are kept for Voice:AudioRetentionMinutes).");
        });

        voice.MapDelete("/audio/{file}", Results<Ok<StatusResponse>, ProblemHttpResult> (string file, VoiceAudioStore audio) =>
        {
            if (!VoiceAudioStore.IsValidName(file))
            {
                return BadName(file);
            }

            return audio.Delete(file) ? TypedResults.Ok(new StatusResponse("success")) : ApiProblems.NotFound($"The audio file '{file}' does not exist.");
        });

        routes.Map("/ws/voice", async (HttpContext http, VoiceSession session) =>
        {
            if (!http.WebSockets.IsWebSocketRequest)
            {
                return (IResult)TypedResults.Problem("This is a WebSocket endpoint: connect with ws:// (the original's JSON frame protocol).",
                    statusCode: StatusCodes.Status400BadRequest, title: ApiErrors.TitleFor(400));
            }

            using var socket = await http.WebSockets.AcceptWebSocketAsync().ConfigureAwait(false);
            await session.RunAsync(socket, http.RequestAborted).ConfigureAwait(false);
            if (socket.State is System.Net.WebSockets.WebSocketState.CloseReceived or System.Net.WebSockets.WebSocketState.Open)
            {
                try
                {
                    await socket.CloseAsync(System.Net.WebSockets.WebSocketCloseStatus.NormalClosure, null, CancellationToken.None).ConfigureAwait(false);
                }
                catch (System.Net.WebSockets.WebSocketException)
                {
                    // The client is already gone.
                }
            }

            return Results.Empty;
        });
    }

    private static void MapConfigs(IEndpointRouteBuilder routes)
    {
        var configs = routes.MapGroup("/api/voice-configs");
        configs.MapGet(string.Empty, async (PeroStore store, CancellationToken ct) =>
            TypedResults.Ok((await store.Voices.ListAsync(ct).ConfigureAwait(false)).Select(Masked)));

        configs.MapPost(string.Empty, async Task<Results<Ok<VoiceConfigRecord>, ProblemHttpResult>> (VoiceConfigBody body, PeroStore store, UserSettings settings,
            CancellationToken ct) =>
        {
            var texts = await VoiceTexts.ForSettingsAsync(settings, ct).ConfigureAwait(false);
            if (body.Name is null)
            {
                return BadRequest(texts.NameRequired);
            }

            var row = body.ApplyTo(null);
            if (await NameTakenAsync(store, row.Name, null, ct).ConfigureAwait(false))
            {
                return BadRequest(texts.NameTaken);
            }

            try
            {
                return TypedResults.Ok(Masked(await store.Voices.InsertAsync(row, ct).ConfigureAwait(false)));
            }
            catch (StoreConflictException)
            {
                return BadRequest(texts.NameTaken);
            }
        }).Accepts<VoiceConfigSchema>("application/json");

        configs.MapPut("/{id:long}", async Task<Results<Ok<VoiceConfigRecord>, ProblemHttpResult>> (long id, VoiceConfigBody body, PeroStore store, UserSettings settings,
            CancellationToken ct) =>
        {
            var texts = await VoiceTexts.ForSettingsAsync(settings, ct).ConfigureAwait(false);
            if (body.HasName && body.Name is null)
            {
                return BadRequest(texts.NameRequired);
            }

            if (body.Name is not null && await NameTakenAsync(store, body.Name, id, ct).ConfigureAwait(false))
            {
                return BadRequest(texts.NameTaken);
            }

            try
            {
                return await store.Voices.UpdateAsync(id, body.ApplyTo, ct).ConfigureAwait(false) is { } updated
                    ? TypedResults.Ok(Masked(updated))
                    : ApiProblems.NotFound($"Voice configuration {id} does not exist.");
            }
            catch (StoreConflictException)
            {
                return BadRequest(texts.NameTaken);
            }
        }).Accepts<VoiceConfigSchema>("application/json");

        configs.MapDelete("/{id:long}", async Task<Results<Ok<StatusResponse>, ProblemHttpResult>> (long id, PeroStore store, UserSettings settings, CancellationToken ct) =>
        {
            var row = await store.Voices.GetAsync(id, ct).ConfigureAwait(false);
            if (row is null)
            {
                return ApiProblems.NotFound($"Voice configuration {id} does not exist.");
            }

            if (row.IsActive)
            {
                return BadRequest((await VoiceTexts.ForSettingsAsync(settings, ct).ConfigureAwait(false)).ActiveCannotBeDeleted);
            }

            return await store.Voices.DeleteAsync(id, ct).ConfigureAwait(false)
                ? TypedResults.Ok(new StatusResponse("success"))
                : ApiProblems.NotFound($"Voice configuration {id} does not exist.");
        });
    }

    private static async Task<bool> NameTakenAsync(PeroStore store, string name, long? exceptId, CancellationToken ct) =>
        (await store.Voices.ListAsync(ct).ConfigureAwait(false)).Any(v => v.Id != exceptId && string.Equals(v.Name.Trim(), name.Trim(), StringComparison.Ordinal));

    private static VoiceConfigRecord Masked(VoiceConfigRecord row) => row with { ApiKey = SecretMask.Mask(row.ApiKey) };

    private static ProblemHttpResult BadRequest(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status400BadRequest, title: ApiErrors.TitleFor(StatusCodes.Status400BadRequest));

    private static ProblemHttpResult BadName(string file) =>
        BadRequest($"'{(file.Length > 80 ? file[..80] + "…" : file)}' is not a file name this server makes (a UUID and .mp3, .wav, .opus, .aac or .flac).");

    /// <summary>503 when no usable provider is configured or installed, 502 when the provider failed, 400/413 for unusable input.</summary>
    private static ProblemHttpResult SpeechProblem(SpeechException ex)
    {
        var status = ex.Failure switch
        {
            SpeechFailure.NotConfigured or SpeechFailure.Unavailable => StatusCodes.Status503ServiceUnavailable,
            SpeechFailure.InvalidInput => StatusCodes.Status400BadRequest,
            _ => StatusCodes.Status502BadGateway,
        };
        return TypedResults.Problem(ex.Message, statusCode: status, title: status == 502 ? "Speech provider failed" : ApiErrors.TitleFor(status));
    }
}

/// <summary><c>POST /api/voice/asr</c>: <c>{"text": "..."}</c>.</summary>
internal sealed record TranscriptionResponse(string Text);

/// <summary><c>POST /api/voice/tts</c>: <c>{"audio_url": "/api/voice/audio/&lt;uuid&gt;.&lt;ext&gt;"}</c>.</summary>
internal sealed record AudioUrlResponse(string AudioUrl);
