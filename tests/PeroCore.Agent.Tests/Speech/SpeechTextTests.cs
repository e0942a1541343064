using PeroCore.Agent.Llm;
using PeroCore.Agent.Speech;

namespace PeroCore.Agent.Tests.Speech;

public sealed class SpeechTextTests
{
    [Fact]
    public void Display_text_hides_nit_scripts_and_tags_and_collapses_blank_lines()
    {
        var raw = "好的[[[NIT_CALL]]]\nupdate_character_status\nmood: [START] 开心 [END]\n[[[NIT_END]]]\n\n\n<nit>\nx = 1\n</nit>" +
                  "<PEROCUE>{\"mood\":\"开心\"}</PEROCUE>【Thinking: 主人累了】\n\n*摸摸头* 休息一下吧。";
        var shown = SpeechText.ForDisplay(raw);
        Assert.Equal("好的\n【Thinking: 主人累了】\n*摸摸头* 休息一下吧。", shown);
    }

    [Fact]
    public void Spoken_text_drops_thinking_and_actions_and_keeps_the_last_paragraph()
    {
        var raw = "第一段话。\n\n【Thinking: 主人累了】*摸摸头* 休息一下吧。 *笑*";
        Assert.Equal("休息一下吧。", SpeechText.ForSpeech(raw));
        Assert.Equal("Take a break.", SpeechText.ForSpeech("【思考：嗯】 *yawns* **Take** a `break`."));
        Assert.Equal(string.Empty, SpeechText.ForSpeech("[[[NIT_CALL]]]\nx\n[[[NIT_END]]]*只有动作*"));
    }

    [Fact]
    public void Limit_cuts_long_text_at_a_sentence_end()
    {
        var text = string.Concat(Enumerable.Repeat("这是一句话。", 20));
        var cut = SpeechText.Limit(text, 50);
        Assert.True(cut.Length <= 50);
        Assert.EndsWith("。", cut, StringComparison.Ordinal);
        Assert.Equal("short", SpeechText.Limit("  short ", 50));
    }

    [Theory]
    [InlineData("开心", 20, 7)]
    [InlineData("有点难过", 5, 2)]
    [InlineData("哼！生气了", 25, 4)]
    [InlineData("温馨", 10, 5)]
    [InlineData("Happy", 20, 7)]
    [InlineData("calm", 15, 5)]
    [InlineData(null, 15, 5)]
    public void Moods_choose_the_original_voice_offsets(string? mood, int rate, int pitch) =>
        Assert.Equal(new VoiceParameters(rate, pitch), VoiceMoods.For(mood));

    [Fact]
    public void Voice_offsets_become_provider_parameters()
    {
        var voice = new VoiceParameters(15, 5);
        Assert.Equal(1.15, voice.Speed, 6);
        Assert.Equal(201, voice.EspeakWordsPerMinute);
        Assert.Equal(60, voice.EspeakPitch);
        Assert.Equal(0.25, new VoiceParameters(-200, 0).Speed);
        Assert.Equal(99, new VoiceParameters(0, 1000).EspeakPitch);
    }

    [Fact]
    public void Speech_urls_follow_the_llm_base_rule()
    {
        Assert.Equal("http://h:1/v1/audio/transcriptions", LlmEndpointUrls.AudioTranscriptions("http://h:1").ToString());
        Assert.Equal("http://h:1/v1/audio/speech", LlmEndpointUrls.AudioSpeech("http://h:1/v1/").ToString());
    }

    [Fact]
    public void Wav_sizes_written_to_a_pipe_are_fixed()
    {
        var wav = new byte[44 + 10];
        "RIFF"u8.CopyTo(wav);
        BitConverter.GetBytes(0x7ffff024).CopyTo(wav, 4);
        "WAVEfmt "u8.CopyTo(wav.AsSpan(8));
        BitConverter.GetBytes(16).CopyTo(wav, 16);
        "data"u8.CopyTo(wav.AsSpan(36));
        BitConverter.GetBytes(0x7ffff000).CopyTo(wav, 40);
        WavHeader.FixSizes(wav);
        Assert.Equal(wav.Length - 8, BitConverter.ToInt32(wav, 4));
        Assert.Equal(10, BitConverter.ToInt32(wav, 40));

        var mp3 = "ID3xxxx"u8.ToArray();
        WavHeader.FixSizes(mp3);
        Assert.Equal("ID3xxxx"u8.ToArray(), mp3);
    }
}
