namespace PeroCore.Memory.Text;

/// <summary>A full-text query built from user text by <see cref="FtsQueryBuilder"/>.</summary>
/// <param name="Terms">The distinct query terms, in text order (lower-cased words, CJK bigrams or single characters).</param>
/// <param name="MatchExpression">
/// The safe FTS5 <c>MATCH</c> expression (every term quoted, joined with <c>OR</c>), or null when there is no
/// term: the caller should then return no lexical hits instead of querying. Bind it as a parameter.
/// </param>
internal sealed record FtsQuery(IReadOnlyList<string> Terms, string? MatchExpression)
{
    /// <summary>Gets whether there is anything to search for.</summary>
    public bool IsEmpty => MatchExpression is null;
}
