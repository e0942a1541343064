using PeroCore.Agent.Prompts;
using PeroCore.Server.Configuration;

namespace PeroCore.Server.Voice;

/// <summary>The fixed texts of the voice channel and the voice-configuration API, in the <c>prompt_language</c>.</summary>
internal sealed record VoiceTexts(
    string SpeechFailedFormat,
    string SynthesisFailedFormat,
    string Fallback,
    string NameRequired,
    string NameTaken,
    string ActiveCannotBeDeleted,
    string BadFrame,
    string BinaryFrame,
    string BadAudio,
    string TurnFailed)
{
    public static VoiceTexts English { get; } = new(
        "[Speech recognition failed: {0}]",
        "Speech synthesis failed: {0}",
        "Hmm... Pero drifted off for a moment...",
        "The name must not be empty.",
        "This name already exists.",
        "The active configuration cannot be deleted; activate another one first.",
        "Send JSON text frames such as {\"type\":\"speech_end\",\"data\":\"<base64 WAV>\"}.",
        "Binary frames are not supported; send the audio base64-encoded in a JSON text frame {\"type\":\"speech_end\",\"data\":\"...\"}.",
        "'data' must be the utterance as base64 (a WAV file).",
        "The voice turn failed; the error is in the server log.");

    public static VoiceTexts Chinese { get; } = new(
        "[语音识别失败: {0}]",
        "语音合成失败: {0}",
        "唔...Pero好像走神了...",
        "名称不能为空",
        "名称已存在",
        "无法删除当前激活的配置",
        "请发送 JSON 文本帧，例如 {\"type\":\"speech_end\",\"data\":\"<base64 WAV>\"}。",
        "不支持二进制帧；请把音频以 base64 编码放进 JSON 文本帧 {\"type\":\"speech_end\",\"data\":\"...\"}。",
        "'data' 必须是 base64 编码的语音（WAV 文件）。",
        "语音回合失败；错误已写入服务器日志。");

    public static VoiceTexts For(PromptLanguage language) => language == PromptLanguage.Chinese ? Chinese : English;

    /// <summary>The texts of the language the user chose (<c>prompt_language</c>, English by default).</summary>
    public static async Task<VoiceTexts> ForSettingsAsync(UserSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return For(PromptLibrary.ParseLanguage(await settings.GetAsync(PromptLibrary.LanguageConfigKey, cancellationToken).ConfigureAwait(false)));
    }
}
