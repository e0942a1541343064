using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace PeroCore.Agent.Speech;

/// <summary>
/// Local text-to-speech through the <c>espeak-ng</c> executable (<c>espeak-ng --stdout</c> → WAV; Debian/Ubuntu:
/// <c>apt-get install espeak-ng</c>). The text goes to its standard input, never to its command line. The voice is
/// <c>config_json.voice</c>, else <c>cmn</c> (Mandarin) for text with Chinese characters and <c>en</c> otherwise; rate and
/// pitch follow the mood (<see cref="VoiceParameters.EspeakWordsPerMinute"/>, <see cref="VoiceParameters.EspeakPitch"/>).
/// </summary>
public sealed class EspeakTextToSpeech : ITextToSpeech
{
    /// <summary>How to install the executable, for error messages.</summary>
    public const string HowToInstall = "Install it with 'apt-get install espeak-ng' (Debian/Ubuntu) or set Voice:EspeakPath to its full path.";

    private readonly SpeechOptions _options;
    private readonly string? _voice;

    /// <summary>Creates the provider.</summary>
    /// <param name="options">Limits, timeout and the executable (<see cref="SpeechOptions.EspeakExecutable"/>).</param>
    /// <param name="configJson">Optional <c>{"voice": "en-us"}</c>.</param>
    public EspeakTextToSpeech(SpeechOptions options, string? configJson = null)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
        var voice = VoiceConfigJson.String(configJson, "voice");
        _voice = voice is not null && voice.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '+' or '/') ? voice : null;
    }

    /// <summary>The full path of an executable name found on <c>PATH</c> (or the path itself when it exists), else null.</summary>
    public static string? Find(string executable)
    {
        ArgumentNullException.ThrowIfNull(executable);
        if (executable.Contains(Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            return File.Exists(executable) ? Path.GetFullPath(executable) : null;
        }

        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        return path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, executable))
            .FirstOrDefault(File.Exists);
    }

    /// <inheritdoc />
    public async Task<SynthesizedSpeech> SynthesizeAsync(string text, VoiceParameters voice, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(voice);
        var input = SpeechText.Limit(text, _options.MaxSpeechCharacters);
        if (input.Length == 0)
        {
            throw new SpeechException("There is no text to speak.", SpeechFailure.InvalidInput);
        }

        var executable = Find(_options.EspeakExecutable)
                         ?? throw new SpeechException($"espeak-ng ('{_options.EspeakExecutable}') is not installed. {HowToInstall}", SpeechFailure.Unavailable);
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardInputEncoding = new UTF8Encoding(false),
        };
        foreach (var argument in new[]
                 {
                     "--stdout", "-b", "1", "-v", _voice ?? (input.Any(IsCjk) ? "cmn" : "en"),
                     "-s", voice.EspeakWordsPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture),
                     "-p", voice.EspeakPitch.ToString(System.Globalization.CultureInfo.InvariantCulture),
                 })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (Win32Exception ex)
        {
            throw new SpeechException($"espeak-ng ('{executable}') could not be started: {ex.Message}. {HowToInstall}", SpeechFailure.Unavailable, ex);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.TextToSpeechTimeout);
        try
        {
            var output = ReadLimitedAsync(process.StandardOutput.BaseStream, _options.MaxAudioBytes, timeout.Token);
            var errors = process.StandardError.ReadToEndAsync(timeout.Token);
            await process.StandardInput.WriteAsync(input.AsMemory(), timeout.Token).ConfigureAwait(false);
            process.StandardInput.Close();
            var audio = await output.ConfigureAwait(false);
            var stderr = await errors.ConfigureAwait(false);
            await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
            if (process.ExitCode != 0 || audio.Length < 44)
            {
                throw new SpeechException($"espeak-ng failed (exit code {process.ExitCode}): {stderr.Trim()}", SpeechFailure.Upstream);
            }

            WavHeader.FixSizes(audio);
            return new SynthesizedSpeech(audio, "wav");
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new SpeechException($"espeak-ng did not finish within {_options.TextToSpeechTimeout.TotalSeconds:0} s (Voice:TtsTimeoutSeconds).", SpeechFailure.Upstream, ex);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }

    private static bool IsCjk(char c) => c is >= '\u4e00' and <= '\u9fff' or >= '\u3400' and <= '\u4dbf' or >= '\uf900' and <= '\ufaff';

    private static async Task<byte[]> ReadLimitedAsync(Stream stream, long maxBytes, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[65536];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                throw new SpeechException($"espeak-ng produced more than {maxBytes} bytes (Voice:MaxAudioMegabytes); send shorter text.", SpeechFailure.InvalidInput);
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}
