namespace PeroCore.Nit.Parsing;

/// <summary>A parsed script (the pipeline of one block): an immutable list of statements.</summary>
public sealed class NitScript
{
    internal NitScript(IReadOnlyList<NitStatement> statements)
    {
        Statements = statements;
    }

    /// <summary>The statements in source order; empty for an empty or comment-only script.</summary>
    public IReadOnlyList<NitStatement> Statements { get; }

    /// <summary>Renders the AST as JSON (the output of <c>perocore nit check</c>).</summary>
    public string ToJson(bool indented = true) => NitAstJsonWriter.Write(this, indented);
}
