using Microsoft.Extensions.AI;
using PeroCore.Agent.Prompts;
using PeroCore.Memory.Embeddings;

namespace PeroCore.Agent.Chat;

/// <summary>
/// The recall query of a chat (memory spec §3.1): the latest user, assistant and tool texts of the context, embedded
/// and mixed with weights 0.5 / 0.35 / 0.15 (renormalised over the parts present), then normalised to unit length
/// (a fix: the original did not); the latest user text doubles as the full-text query.
/// </summary>
/// <param name="Text">The full-text query (the latest user text, or the latest text of any kind).</param>
/// <param name="Vector">The weighted query vector, or null when there is nothing to embed.</param>
/// <param name="UserLength">Length of the user part.</param>
/// <param name="AssistantLength">Length of the assistant part.</param>
public sealed record RecallQuery(string Text, float[]? Vector, int UserLength, int AssistantLength)
{
    /// <summary>Weight of the latest user text.</summary>
    public const float UserWeight = 0.5f;

    /// <summary>Weight of the latest assistant text.</summary>
    public const float AssistantWeight = 0.35f;

    /// <summary>Weight of the latest tool text.</summary>
    public const float ToolWeight = 0.15f;

    /// <summary>Builds the query from a context (history + request messages, oldest first).</summary>
    public static async Task<RecallQuery?> BuildAsync(IReadOnlyList<ChatMessage> context, IEmbeddingGenerator<string, Embedding<float>> embedder,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(embedder);
        string? user = null, assistant = null, tool = null;
        for (var i = context.Count - 1; i >= 0 && (user is null || assistant is null || tool is null); i--)
        {
            var m = context[i];
            var text = HistoryTextCleaner.Clean(m.Text);
            if (text.Length == 0)
            {
                continue;
            }

            if (m.Role == ChatRole.User && user is null)
            {
                user = text;
            }
            else if (m.Role == ChatRole.Assistant && assistant is null)
            {
                assistant = text;
            }
            else if (m.Role == ChatRole.Tool && tool is null)
            {
                tool = text;
            }
        }

        var parts = new List<(string Text, float Weight)>(3);
        if (user is not null)
        {
            parts.Add((user, UserWeight));
        }

        if (assistant is not null)
        {
            parts.Add((assistant, AssistantWeight));
        }

        if (tool is not null)
        {
            parts.Add((tool, ToolWeight));
        }

        if (parts.Count == 0)
        {
            return null;
        }

        var vectors = await embedder.EmbedAsync(parts.Select(p => p.Text), EmbeddingPurpose.Query, cancellationToken).ConfigureAwait(false);
        var total = parts.Sum(p => p.Weight);
        var mixed = new float[vectors[0].Length];
        for (var p = 0; p < parts.Count; p++)
        {
            var w = parts[p].Weight / total;
            var v = vectors[p];
            for (var d = 0; d < mixed.Length; d++)
            {
                mixed[d] += w * v[d];
            }
        }

        float[]? vector = VectorMath.NormalizeInPlace(mixed) > 0 ? mixed : null;
        return new RecallQuery(user ?? parts[0].Text, vector, user?.Length ?? 0, assistant?.Length ?? 0);
    }
}
