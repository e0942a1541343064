namespace PeroCore.Agent.Tools.Workspace;

/// <summary>How a workspace file is read.</summary>
internal enum DocumentKind
{
    /// <summary>UTF-8 text (Markdown, code, notes...).</summary>
    Text,

    /// <summary>PDF (text layer).</summary>
    Pdf,

    /// <summary>Word document.</summary>
    Docx,
}
