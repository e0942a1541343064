namespace PeroCore.Memory.Text;

/// <summary>What <see cref="SensitiveWordFilter.Apply"/> does with a text containing listed words.</summary>
public enum SensitiveWordMode
{
    /// <summary>Replace every character covered by a match with the mask character (overlaps merged).</summary>
    Mask = 0,

    /// <summary>Leave the text unchanged and report the matched words; the caller refuses the text.</summary>
    Reject = 1,
}
