using Microsoft.Extensions.AI;

namespace PeroCore.Agent.Prompts;

/// <summary>
/// A cheap, tokenizer-free token estimate, deliberately on the high side for mixed text: every CJK character (Han,
/// kana, Hangul, CJK punctuation and full-width forms) counts as one token, every other run of characters as one token
/// per four characters (rounded up). A message adds <see cref="MessageOverhead"/> tokens for its role and framing, an
/// image or other non-text part <see cref="MediaTokens"/>.
/// </summary>
public static class TokenEstimator
{
    /// <summary>Tokens added per message for role and separators.</summary>
    public const int MessageOverhead = 4;

    /// <summary>Tokens counted for an image or other non-text content.</summary>
    public const int MediaTokens = 256;

    /// <summary>Estimated tokens of a text.</summary>
    public static int Estimate(ReadOnlySpan<char> text)
    {
        var cjk = 0;
        var other = 0;
        foreach (var c in text)
        {
            if (IsCjk(c))
            {
                cjk++;
            }
            else if (!char.IsLowSurrogate(c))
            {
                other++;
            }
        }

        return cjk + ((other + 3) / 4);
    }

    /// <summary>Estimated tokens of a message, overhead included.</summary>
    public static int Estimate(ChatMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var total = MessageOverhead;
        foreach (var content in message.Contents)
        {
            total += content switch
            {
                TextContent t => Estimate(t.Text),
                TextReasoningContent r => Estimate(r.Text),
                FunctionCallContent f => Estimate(f.Name) + Estimate(f.RawRepresentation is Llm.LlmToolCall raw ? raw.Arguments : string.Join(",", f.Arguments?.Select(a => a.Key + a.Value) ?? [])),
                FunctionResultContent fr => Estimate(fr.Result?.ToString() ?? string.Empty),
                DataContent or UriContent => MediaTokens,
                _ => 0,
            };
        }

        return total;
    }

    private static bool IsCjk(char c) =>
        c is (>= '\u3000' and <= '\u303F')   // CJK symbols and punctuation
            or (>= '\u3040' and <= '\u30FF') // Hiragana, Katakana
            or (>= '\u3400' and <= '\u4DBF') // CJK extension A
            or (>= '\u4E00' and <= '\u9FFF') // CJK unified ideographs
            or (>= '\uAC00' and <= '\uD7AF') // Hangul syllables
            or (>= '\uF900' and <= '\uFAFF') // CJK compatibility ideographs
            or (>= '\uFF00' and <= '\uFFEF'); // Half-width and full-width forms
}
