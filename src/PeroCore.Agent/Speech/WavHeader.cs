using System.Buffers.Binary;

namespace PeroCore.Agent.Speech;

/// <summary>
/// RIFF/WAVE header helpers. A WAV written to a pipe (<c>espeak-ng --stdout</c>) carries placeholder sizes because the
/// writer cannot seek back; browsers are stricter than players about that, so the sizes are set from the real length.
/// </summary>
public static class WavHeader
{
    /// <summary>Whether <paramref name="audio"/> starts with a RIFF/WAVE header.</summary>
    public static bool IsWav(ReadOnlySpan<byte> audio) =>
        audio.Length >= 12 && audio[..4].SequenceEqual("RIFF"u8) && audio[8..12].SequenceEqual("WAVE"u8);

    /// <summary>Sets the RIFF size and the <c>data</c> chunk size of a WAV file in place; other files are left alone.</summary>
    public static void FixSizes(Span<byte> audio)
    {
        if (!IsWav(audio))
        {
            return;
        }

        BinaryPrimitives.WriteUInt32LittleEndian(audio[4..8], (uint)(audio.Length - 8));
        var offset = 12;
        while (offset + 8 <= audio.Length)
        {
            var size = BinaryPrimitives.ReadUInt32LittleEndian(audio[(offset + 4)..(offset + 8)]);
            if (audio[offset..(offset + 4)].SequenceEqual("data"u8))
            {
                BinaryPrimitives.WriteUInt32LittleEndian(audio[(offset + 4)..(offset + 8)], (uint)(audio.Length - offset - 8));
                return;
            }

            var next = offset + 8L + size + (size & 1);
            if (next > audio.Length)
            {
                return;
            }

            offset = (int)next;
        }
    }
}
