using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using PeroCore.Agent.Speech;
using PeroCore.Server.Configuration;

namespace PeroCore.Server.Voice;

/// <summary>
/// The files made by <c>POST /api/voice/tts</c>, in <c>&lt;data folder&gt;/voice-audio</c>. Names are only the server's own:
/// a lower-case UUID and a known audio extension (<c>3f2b…-….mp3</c>); any other name is refused before a path is built,
/// and the resolved path must still lie inside the folder (spec §8 item 5).
/// </summary>
internal sealed partial class VoiceAudioStore
{
    /// <summary>The folder's name inside the data folder.</summary>
    public const string FolderName = "voice-audio";

    private readonly TimeProvider _time;

    public VoiceAudioStore(IOptions<ServerOptions> server, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(server);
        Folder = Path.Combine(server.Value.DataPath, FolderName);
        _time = time;
    }

    /// <summary>The folder's full path.</summary>
    public string Folder { get; }

    /// <summary>Whether <paramref name="name"/> is a name this store could have made.</summary>
    public static bool IsValidName(string? name) => name is not null && ValidName().IsMatch(name);

    /// <summary>Saves an audio file under a new name; returns the name.</summary>
    public async Task<string> SaveAsync(SynthesizedSpeech speech, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(speech);
        var name = $"{Guid.NewGuid():D}.{speech.Format}";
        if (!IsValidName(name))
        {
            throw new InvalidOperationException($"The audio format '{speech.Format}' has no file name rule.");
        }

        Directory.CreateDirectory(Folder);
        var path = Path.Combine(Folder, name);
        var temp = path + ".tmp";
        await File.WriteAllBytesAsync(temp, speech.Audio.ToArray(), cancellationToken).ConfigureAwait(false);
        File.Move(temp, path);
        return name;
    }

    /// <summary>The full path of an existing file, or null when the name is not valid or the file does not exist.</summary>
    public string? Find(string name)
    {
        if (!IsValidName(name))
        {
            return null;
        }

        var path = Path.GetFullPath(Path.Combine(Folder, name));
        var root = Path.GetFullPath(Folder) + Path.DirectorySeparatorChar;
        return path.StartsWith(root, StringComparison.Ordinal) && File.Exists(path) ? path : null;
    }

    /// <summary>Deletes a file; false when it does not exist (or the name is not valid).</summary>
    public bool Delete(string name)
    {
        var path = Find(name);
        if (path is null)
        {
            return false;
        }

        File.Delete(path);
        return true;
    }

    /// <summary>Deletes the store's files older than <paramref name="age"/>; returns how many.</summary>
    public int DeleteOlderThan(TimeSpan age)
    {
        if (!Directory.Exists(Folder))
        {
            return 0;
        }

        var cutoff = _time.GetUtcNow().UtcDateTime - age;
        var deleted = 0;
        foreach (var path in Directory.EnumerateFiles(Folder))
        {
            var name = Path.GetFileName(path);
            var ours = IsValidName(name) || (name.EndsWith(".tmp", StringComparison.Ordinal) && IsValidName(name[..^4]));
            if (!ours || File.GetLastWriteTimeUtc(path) >= cutoff)
            {
                continue;
            }

            try
            {
                File.Delete(path);
                deleted++;
            }
            catch (IOException)
            {
                // Being read right now: the next round takes it.
            }
        }

        return deleted;
    }

    [GeneratedRegex("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\\.(?:mp3|wav|opus|aac|flac)$", RegexOptions.CultureInvariant)]
    private static partial Regex ValidName();
}
