using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace PeroCore.Server.Tests.Voice;

/// <summary><c>/api/voice-configs</c>, <c>/api/voice/asr</c>, <c>/api/voice/tts</c> and <c>/api/voice/audio/{file}</c> on the real server.</summary>
public sealed partial class VoiceApiTests : ChatTestBase
{
    protected override bool ConfigureLlm => false;

    private async Task<(HttpStatusCode Status, JsonElement Body)> SendAsync(HttpMethod method, string path, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        using var response = await Server.Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    private static string Detail(JsonElement problem) => problem.GetProperty("detail").GetString()!;

    [Fact]
    public async Task Voice_configs_follow_the_original_rules()
    {
        // Nothing is seeded: the original's local_whisper and edge_tts do not exist here.
        Assert.Empty((await GetJsonAsync("/api/voice-configs")).EnumerateArray());

        var (status, problem) = await SendAsync(HttpMethod.Post, "/api/voice-configs", new { type = "tts", provider = "openai_compatible" });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("The name must not be empty.", Detail(problem));

        var first = await PostAsync("/api/voice-configs", new { type = "tts", name = "First", provider = "espeak_ng", is_active = true });
        var fake = await PostAsync("/api/voice-configs", new
        {
            type = "tts", name = "FakeTTS", provider = "openai_compatible", api_base = Fake.BaseUrlV1, api_key = "sk-voice-secret-1234", model = "tts-1",
            config_json = "{\"voice\":\"alloy\"}", is_active = true,
        });
        var stt = await PostAsync("/api/voice-configs", new { type = "stt", name = "FakeSTT", provider = "openai_compatible", api_base = Fake.BaseUrlV1, is_active = true });
        Assert.Equal("***1234", fake.GetProperty("api_key").GetString());
        Assert.True(fake.GetProperty("is_active").GetBoolean());

        // One active per type: activating FakeTTS deactivated First, and the STT row is untouched.
        var rows = (await GetJsonAsync("/api/voice-configs")).EnumerateArray().ToDictionary(r => r.GetProperty("name").GetString()!);
        Assert.False(rows["First"].GetProperty("is_active").GetBoolean());
        Assert.True(rows["FakeTTS"].GetProperty("is_active").GetBoolean());
        Assert.True(rows["FakeSTT"].GetProperty("is_active").GetBoolean());
        Assert.DoesNotContain("sk-voice-secret", (await Server.Client.GetStringAsync("/api/voice-configs")), StringComparison.Ordinal);

        // Duplicate names, in the prompt language.
        (status, problem) = await SendAsync(HttpMethod.Post, "/api/voice-configs", new { type = "stt", name = "FakeTTS", provider = "openai_compatible" });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("This name already exists.", Detail(problem));
        await PostAsync("/api/configs", new Dictionary<string, string> { ["prompt_language"] = "zh" });
        (status, problem) = await SendAsync(HttpMethod.Post, "/api/voice-configs", new { type = "stt", name = " FakeTTS ", provider = "openai_compatible" });
        Assert.Equal((HttpStatusCode.BadRequest, "名称已存在"), (status, Detail(problem)));
        (status, problem) = await SendAsync(HttpMethod.Put, $"/api/voice-configs/{Id(first)}", new { name = "FakeSTT" });
        Assert.Equal((HttpStatusCode.BadRequest, "名称已存在"), (status, Detail(problem)));
        (status, problem) = await SendAsync(HttpMethod.Put, $"/api/voice-configs/{Id(first)}", new { name = "  " });
        Assert.Equal((HttpStatusCode.BadRequest, "名称不能为空"), (status, Detail(problem)));

        // The active one cannot be deleted; an inactive one can; a missing one is 404.
        (status, problem) = await SendAsync(HttpMethod.Delete, $"/api/voice-configs/{Id(fake)}");
        Assert.Equal((HttpStatusCode.BadRequest, "无法删除当前激活的配置"), (status, Detail(problem)));
        (status, var deleted) = await SendAsync(HttpMethod.Delete, $"/api/voice-configs/{Id(first)}");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("success", deleted.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(HttpMethod.Delete, $"/api/voice-configs/{Id(first)}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(HttpMethod.Put, "/api/voice-configs/999999", new { model = "x" })).Status);

        // A masked key sent back keeps the stored key; a new key replaces it.
        var updated = await SendAsync(HttpMethod.Put, $"/api/voice-configs/{Id(fake)}", new { api_key = "***1234", model = "tts-1-hd" });
        Assert.Equal(HttpStatusCode.OK, updated.Status);
        Assert.Equal("tts-1-hd", updated.Body.GetProperty("model").GetString());
        Assert.Equal("sk-voice-secret-1234", (await Server.App.Store.Voices.GetAsync(Id(fake)))!.ApiKey);
        await SendAsync(HttpMethod.Put, $"/api/voice-configs/{Id(fake)}", new { api_key = "sk-new-key-99999" });
        Assert.Equal("sk-new-key-99999", (await Server.App.Store.Voices.GetAsync(Id(fake)))!.ApiKey);

        // Activating STT's sibling through PUT deactivates the other STT row.
        var stt2 = await PostAsync("/api/voice-configs", new { type = "stt", name = "Other", provider = "openai_compatible", api_base = Fake.BaseUrl });
        await SendAsync(HttpMethod.Put, $"/api/voice-configs/{Id(stt2)}", new { is_active = true });
        Assert.False((await Server.App.Store.Voices.GetAsync(Id(stt)))!.IsActive);

        // Bad fields are refused naming the field, never stored.
        foreach (var bad in new object[]
                 {
                     new { type = "video", name = "V", provider = "openai_compatible" },
                     new { type = "tts", name = "V", provider = "local_whisper" },
                     new { type = "stt", name = "V", provider = "openai_compatible", api_base = "ftp://x" },
                     new { type = "stt", name = "V", provider = "openai_compatible", config_json = "[1]" },
                     new { type = "stt", name = "V", provider = "openai_compatible", config_json = "{oops" },
                     new { name = "V", provider = "openai_compatible" },
                     new { type = "stt", name = "V", is_active = "yes" },
                     new { type = "stt", name = "V", surprise = 1 },
                 })
        {
            var answer = await SendAsync(HttpMethod.Post, "/api/voice-configs", bad);
            Assert.True((int)answer.Status is 400 or 422, $"{JsonSerializer.Serialize(bad)} -> {answer.Status}");
        }

        Assert.DoesNotContain((await GetJsonAsync("/api/voice-configs")).EnumerateArray(), r => r.GetProperty("name").GetString() == "V");
    }

    [Fact]
    public async Task Asr_transcribes_a_multipart_upload_and_explains_every_failure()
    {
        // No provider: 503 that says what to configure.
        var (status, problem) = await UploadAsync(TestWav.Tone());
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Contains("POST /api/voice-configs", Detail(problem), StringComparison.Ordinal);

        var stt = await PostAsync("/api/voice-configs", new { type = "stt", name = "FakeSTT", provider = "openai_compatible", api_base = Fake.BaseUrl, model = "whisper-large", is_active = true });
        Fake.TranscriptionText = "  今天天气不错  ";
        (status, var body) = await UploadAsync(TestWav.Tone());
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("今天天气不错", body.GetProperty("text").GetString());
        var sent = Assert.Single(Fake.Requests, r => r.Path == "/v1/audio/transcriptions");
        Assert.Contains("whisper-large", sent.BodyText, StringComparison.Ordinal);

        // Bad uploads: JSON instead of a form, no file part, an empty file, a cross-site page.
        using (var json = new StringContent("{\"file\":\"x\"}", Encoding.UTF8, "application/json"))
        {
            Assert.Equal(HttpStatusCode.UnsupportedMediaType, (await Server.Client.PostAsync("/api/voice/asr", json)).StatusCode);
        }

        using (var noFile = new MultipartFormDataContent { { new StringContent("x"), "other" } })
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, (await Server.Client.PostAsync("/api/voice/asr", noFile)).StatusCode);
        }

        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await UploadAsync([])).Status);
        using (var broken = new ByteArrayContent("--nope\r\nbroken"u8.ToArray()))
        {
            broken.Headers.TryAddWithoutValidation("Content-Type", "multipart/form-data; boundary=b");
            Assert.Equal(HttpStatusCode.BadRequest, (await Server.Client.PostAsync("/api/voice/asr", broken)).StatusCode);
        }

        Assert.Equal(HttpStatusCode.Forbidden, (await UploadAsync(TestWav.Tone(), ("Origin", "https://evil.example"))).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await UploadAsync(TestWav.Tone(), ("Sec-Fetch-Site", "cross-site"))).Status);

        // Multipart is allowed on this path only.
        using (var elsewhere = new MultipartFormDataContent { { new ByteArrayContent(TestWav.Tone()), "file", "a.wav" } })
        {
            Assert.Equal(HttpStatusCode.UnsupportedMediaType, (await Server.Client.PostAsync("/api/voice/tts", elsewhere)).StatusCode);
        }

        // Provider failures: an error answer and an unreachable server are 502 naming the service.
        await Server.Client.PutAsJsonAsync($"/api/voice-configs/{Id(stt)}", new { api_base = Fake.BaseUrl + "/missing" });
        (status, problem) = await UploadAsync(TestWav.Tone());
        Assert.Equal(HttpStatusCode.BadGateway, status);
        Assert.Contains("404", Detail(problem), StringComparison.Ordinal);
        await Server.Client.PutAsJsonAsync($"/api/voice-configs/{Id(stt)}", new { api_base = "http://127.0.0.1:9/v1" });
        (status, problem) = await UploadAsync(TestWav.Tone());
        Assert.Equal(HttpStatusCode.BadGateway, status);
        Assert.Contains("could not be reached", Detail(problem), StringComparison.Ordinal);
        await Server.Client.PutAsJsonAsync($"/api/voice-configs/{Id(stt)}", new { provider = "local_whisper" });
        (status, problem) = await UploadAsync(TestWav.Tone());
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Contains("openai_compatible", Detail(problem), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tts_files_are_served_deleted_and_only_by_their_own_names()
    {
        await PostAsync("/api/voice-configs", new { type = "tts", name = "FakeTTS", provider = "openai_compatible", api_base = Fake.BaseUrlV1, is_active = true });
        var (status, problem) = await SendAsync(HttpMethod.Post, "/api/voice/tts", new { text = "   " });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("text", Detail(problem), StringComparison.Ordinal);

        var made = await PostAsync("/api/voice/tts", new { text = "你好呀" });
        var url = made.GetProperty("audio_url").GetString()!;
        Assert.Matches(AudioUrl(), url);
        Assert.Equal("你好呀", Assert.Single(Fake.Requests, r => r.Path == "/v1/audio/speech").Body!.Value.GetProperty("input").GetString());

        using (var response = await Server.Client.GetAsync(url))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("audio/mpeg", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal(Fake.SpeechBytes.ToArray(), await response.Content.ReadAsByteArrayAsync());
        }

        var file = Path.Combine(Server.DataPath, "voice-audio", url[(url.LastIndexOf('/') + 1)..]);
        Assert.True(File.Exists(file));
        Assert.Equal(HttpStatusCode.Forbidden, (await SendWithHeaderAsync(HttpMethod.Delete, url, ("Origin", "https://evil.example"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Delete, url)).Status);
        Assert.False(File.Exists(file));
        Assert.Equal(HttpStatusCode.NotFound, (await Server.Client.GetAsync(url)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(HttpMethod.Delete, url)).Status);

        // A file next to the audio folder must never be reachable.
        await File.WriteAllTextAsync(Path.Combine(Server.DataPath, "secret.mp3"), "TOP-SECRET-CONTENT");
        foreach (var name in new[]
                 {
                     "..%2Fsecret.mp3", "..%5Csecret.mp3", "..%5C..%5Cx", "%2E%2E%2Fsecret.mp3", "secret.mp3", "..", "%00.mp3",
                     "3F2504E0-4F89-11D3-9A0C-0305E82C3301.mp3", "3f2504e0-4f89-11d3-9a0c-0305e82c3301.txt", "3f2504e0-4f89-11d3-9a0c-0305e82c3301.mp3.tmp",
                 })
        {
            foreach (var method in new[] { HttpMethod.Get, HttpMethod.Delete })
            {
                using var response = await Server.Client.SendAsync(new HttpRequestMessage(method, "/api/voice/audio/" + name));
                Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.NotFound, $"{method} {name} -> {response.StatusCode}");
                Assert.DoesNotContain("TOP-SECRET-CONTENT", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            }
        }

        Assert.True(File.Exists(Path.Combine(Server.DataPath, "secret.mp3")));
        Assert.Equal(HttpStatusCode.BadRequest, (await Server.Client.GetAsync("/api/voice/audio/secret.mp3")).StatusCode);

        // A failing provider is a 502 that names the service, not a 500.
        await Server.Client.PutAsJsonAsync("/api/voice-configs/1", new { api_base = Fake.BaseUrl + "/missing" });
        (status, problem) = await SendAsync(HttpMethod.Post, "/api/voice/tts", new { text = "hi" });
        Assert.Equal(HttpStatusCode.BadGateway, status);
        Assert.Contains("text-to-speech", Detail(problem), StringComparison.Ordinal);
    }

    private async Task<HttpResponseMessage> SendWithHeaderAsync(HttpMethod method, string path, (string Name, string Value) header)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.TryAddWithoutValidation(header.Name, header.Value);
        return await Server.Client.SendAsync(request);
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> UploadAsync(byte[] audio, params (string Name, string Value)[] headers)
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(audio);
        file.Headers.ContentType = new MediaTypeHeaderValue("audio/wav");
        form.Add(file, "file", "speech.wav");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/voice/asr") { Content = form };
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        using var response = await Server.Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    private static long Id(JsonElement row) => row.GetProperty("id").GetInt64();

    [GeneratedRegex("^/api/voice/audio/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\\.mp3$")]
    private static partial Regex AudioUrl();
}
