using Microsoft.Playwright;
using PeroCore.Agent.Tests.Fakes;

namespace PeroCore.Server.Tests.Dashboard;

/// <summary>
/// The Chat page's voice button in a Chromium with a fake microphone (<c>--use-fake-device-for-media-stream</c>, which plays
/// a tone): record, send over <c>/ws/voice</c>, see the transcription and the answer (speech from the fake server).
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class DashboardVoiceTests : ChatTestBase
{
    [Fact]
    public async Task The_voice_button_records_sends_and_shows_the_transcript_and_the_answer()
    {
        await PostAsync("/api/voice-configs", new { type = "stt", name = "FakeSTT", provider = "openai_compatible", api_base = Fake.BaseUrlV1, api_key = "k-stt", model = "whisper-1", is_active = true });
        await PostAsync("/api/voice-configs", new { type = "tts", name = "FakeTTS", provider = "openai_compatible", api_base = Fake.BaseUrl, api_key = "k-tts", model = "tts-1", config_json = "{\"voice\":\"alloy\"}", is_active = true });
        Fake.TranscriptionText = "Hello by voice";
        Fake.Enqueue(FakeLlmReply.Text("I heard you loud and clear."));

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = BrowserFixture.ExecutablePath,
            Headless = true,
            Args =
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream", "--autoplay-policy=no-user-gesture-required",
            ],
        });
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new() { Width = 1280, Height = 860 } });
        var errors = new List<string>();
        var page = await context.NewPageAsync();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                errors.Add(message.Text);
            }
        };
        page.PageError += (_, error) => errors.Add(error);
        page.SetDefaultTimeout(20_000);
        await page.GotoAsync(Server.Client.BaseAddress!.ToString().TrimEnd('/') + "/chat");

        var button = page.GetByTestId("voice-button");
        await Assertions.Expect(button).ToBeEnabledAsync();
        await button.ClickAsync();
        await Assertions.Expect(button).ToHaveAttributeAsync("aria-pressed", "true");
        // Record until the fake microphone has delivered some audio (the processor reports every 4096 samples).
        await page.WaitForTimeoutAsync(600);
        await button.ClickAsync();

        await Assertions.Expect(page.GetByTestId("voice-transcript")).ToContainTextAsync("Hello by voice");
        await Assertions.Expect(page.GetByTestId("voice-reply")).ToContainTextAsync("I heard you loud and clear.");
        // The answer's audio is made after its text is shown: the button comes back when the turn is over (status idle).
        await Assertions.Expect(button).ToBeEnabledAsync();
        var upload = Assert.Single(Fake.Requests, r => r.Path == "/v1/audio/transcriptions");
        Assert.Contains("RIFF", upload.BodyText, StringComparison.Ordinal);
        Assert.Contains("WAVE", upload.BodyText, StringComparison.Ordinal);
        Assert.Single(Fake.Requests, r => r.Path == "/v1/audio/speech");

        var folder = Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, "voice.png"), FullPage = true });
        await context.CloseAsync();
        Assert.Empty(errors);
    }
}
