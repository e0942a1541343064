using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace PeroCore.Evaluation.Locomo;

/// <summary>
/// Reads LoCoMo data: a single conversation object (sessions at the top level, as in the per-conversation
/// files), an object with a <c>conversation</c> member, or a list of those (the original <c>locomo10.json</c>).
/// </summary>
public static partial class LocomoLoader
{
    private static readonly string[] DateFormats = ["h:mm tt 'on' d MMMM, yyyy", "h:mm tt 'on' d MMM, yyyy", "h:mm tt 'on' dd MMMM, yyyy"];

    /// <summary>Loads every conversation in a file.</summary>
    /// <exception cref="InvalidDataException">The file is not LoCoMo-shaped; the message says what is missing.</exception>
    public static async Task<IReadOnlyList<LocomoConversation>> LoadFileAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var stream = File.OpenRead(path);
        await using (stream.ConfigureAwait(false))
        {
            JsonDocument doc;
            try
            {
                doc = await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            catch (JsonException ex)
            {
                throw new InvalidDataException($"{path} is not valid JSON: {ex.Message}", ex);
            }

            using (doc)
            {
                var fallbackId = Path.GetFileNameWithoutExtension(path);
                return Parse(doc.RootElement, fallbackId, path);
            }
        }
    }

    /// <summary>Parses LoCoMo JSON already in memory.</summary>
    public static IReadOnlyList<LocomoConversation> Parse(JsonElement root, string fallbackId, string sourceName)
    {
        return root.ValueKind switch
        {
            JsonValueKind.Array => root.EnumerateArray().Select((e, i) => ParseSample(e, $"{fallbackId}#{i}", sourceName)).ToList(),
            JsonValueKind.Object => [ParseSample(root, fallbackId, sourceName)],
            _ => throw new InvalidDataException($"{sourceName}: expected a LoCoMo object or a list of them, found {root.ValueKind}."),
        };
    }

    private static LocomoConversation ParseSample(JsonElement sample, string fallbackId, string sourceName)
    {
        if (sample.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidDataException($"{sourceName}: a sample is {sample.ValueKind}, not an object.");
        }

        var id = sample.TryGetProperty("sample_id", out var sid) && sid.ValueKind == JsonValueKind.String ? sid.GetString()! : fallbackId;
        var conversation = sample.TryGetProperty("conversation", out var conv) && conv.ValueKind == JsonValueKind.Object ? conv : sample;
        var speakerA = RequiredString(conversation, "speaker_a", id, sourceName);
        var speakerB = RequiredString(conversation, "speaker_b", id, sourceName);

        var turns = new List<LocomoTurn>();
        foreach (var number in SessionNumbers(conversation))
        {
            if (!conversation.TryGetProperty($"session_{number}", out var session) || session.ValueKind != JsonValueKind.Array)
            {
                continue; // A date without a session: the dataset has these; nothing was said.
            }

            var start = ParseDate(RequiredString(conversation, $"session_{number}_date_time", id, sourceName), id, sourceName);
            var index = 0;
            foreach (var turn in session.EnumerateArray())
            {
                var diaId = RequiredString(turn, "dia_id", id, sourceName);
                var caption = turn.TryGetProperty("blip_caption", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null;
                turns.Add(new LocomoTurn(diaId, number, RequiredString(turn, "speaker", id, sourceName),
                    turn.TryGetProperty("text", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString()! : string.Empty,
                    string.IsNullOrWhiteSpace(caption) ? null : caption, start.AddMinutes(index++)));
            }
        }

        if (turns.Count == 0)
        {
            throw new InvalidDataException($"{sourceName} ({id}): no session_N turn lists found.");
        }

        var known = turns.Select(t => t.DiaId).ToHashSet(StringComparer.Ordinal);
        var questions = new List<LocomoQuestion>();
        if (sample.TryGetProperty("qa", out var qa) && qa.ValueKind == JsonValueKind.Array)
        {
            foreach (var q in qa.EnumerateArray())
            {
                questions.Add(ParseQuestion(q, known, id, sourceName));
            }
        }

        return new LocomoConversation(id, speakerA, speakerB, turns, questions);
    }

    private static LocomoQuestion ParseQuestion(JsonElement q, HashSet<string> known, string id, string sourceName)
    {
        var text = RequiredString(q, "question", id, sourceName);
        var category = q.TryGetProperty("category", out var cat) && cat.ValueKind == JsonValueKind.Number ? cat.GetInt32() : 0;
        string? answer = q.TryGetProperty("answer", out var a) ? a.ValueKind switch
        {
            JsonValueKind.String => a.GetString(),
            JsonValueKind.Null or JsonValueKind.Undefined => null,
            _ => a.GetRawText(),
        } : null;

        var evidence = new List<string>();
        int malformed = 0, repaired = 0;
        if (q.TryGetProperty("evidence", out var ev) && ev.ValueKind == JsonValueKind.Array)
        {
            foreach (var e in ev.EnumerateArray())
            {
                var raw = e.ValueKind == JsonValueKind.String ? e.GetString()! : e.GetRawText();
                if (known.Contains(raw))
                {
                    evidence.Add(raw);
                    continue;
                }

                var parts = DiaIdPattern().Matches(raw).Select(m => m.Value).ToList();
                if (parts.Count > 1 && parts.All(known.Contains))
                {
                    evidence.AddRange(parts);
                    repaired++;
                }
                else
                {
                    malformed++;
                }
            }
        }

        return new LocomoQuestion(text, answer, category, evidence.Distinct(StringComparer.Ordinal).ToList(), malformed, repaired);
    }

    private static IEnumerable<int> SessionNumbers(JsonElement conversation) =>
        conversation.EnumerateObject()
            .Select(p => SessionKeyPattern().Match(p.Name))
            .Where(m => m.Success)
            .Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture))
            .Distinct()
            .Order();

    private static DateTimeOffset ParseDate(string text, string id, string sourceName)
    {
        if (DateTime.TryParseExact(text.Trim(), DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out var dt))
        {
            return new DateTimeOffset(dt, TimeSpan.Zero);
        }

        throw new InvalidDataException($"{sourceName} ({id}): cannot read the session date '{text}' (expected like '1:56 pm on 8 May, 2023').");
    }

    private static string RequiredString(JsonElement element, string name, string id, string sourceName) =>
        element.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String
            ? v.GetString()!
            : throw new InvalidDataException($"{sourceName} ({id}): missing string member '{name}'.");

    [GeneratedRegex(@"^session_(\d+)(?:_date_time)?$", RegexOptions.CultureInvariant)]
    private static partial Regex SessionKeyPattern();

    [GeneratedRegex(@"D\d+:\d+", RegexOptions.CultureInvariant)]
    private static partial Regex DiaIdPattern();
}
