namespace PeroCore.Server.Api;

/// <summary>What an import did: the format it read, what it wrote and skipped, and why each skipped line was bad.</summary>
internal sealed class ImportReport
{
    /// <summary>The most line errors kept for the report (all are counted).</summary>
    public const int MaxErrors = 1000;

    /// <summary><c>export</c> (a <c>perocore export</c> file) or <c>memories</c> (one memory a line).</summary>
    public string Format { get; set; } = "memories";

    /// <summary>Records written.</summary>
    public long Written { get; set; }

    /// <summary>Memories among <see cref="Written"/>.</summary>
    public long Memories { get; set; }

    /// <summary>Records not written because the same thing exists (model cards, voice and MCP configurations by name).</summary>
    public long AlreadyPresent { get; set; }

    /// <summary>Bad lines, skipped (or, with <see cref="Strict"/>, the reason nothing was written).</summary>
    public long Skipped { get; set; }

    /// <summary>Whether the import was strict: any bad line means nothing is written.</summary>
    public bool Strict { get; set; }

    /// <summary>True when nothing was written because of a bad line (strict) or a bad header.</summary>
    public bool Aborted { get; set; }

    /// <summary>The first <see cref="MaxErrors"/> errors, each <c>line N: reason</c>.</summary>
    public List<string> Errors { get; } = [];

    /// <summary>Notes a bad line.</summary>
    public void Fail(long line, string reason)
    {
        Skipped++;
        if (Errors.Count < MaxErrors)
        {
            Errors.Add(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"line {line}: {reason}"));
        }
    }
}
