using System.Text.RegularExpressions;

namespace PeroCore.Memory.Text;

/// <summary>
/// Names in a text without a model: capitalised words (people, places, things: "Caroline", "Paris", "LGBTQ") that
/// are not sentence-opening function words. English and other Latin-script text only; Chinese has no capitals, and
/// its names are left to the full-text index (an honest limit, see the README).
/// </summary>
public static partial class EntityTerms
{
    private static readonly HashSet<string> FunctionWords = new(
    [
        "A", "About", "After", "All", "Also", "An", "And", "Any", "Are", "As", "At", "Be", "Because", "Been", "Before", "But",
        "By", "Can", "Could", "Did", "Do", "Does", "During", "Each", "For", "From", "Had", "Has", "Have", "He", "Her", "Here",
        "His", "How", "I", "If", "In", "Into", "Is", "It", "Its", "Just", "Let", "Like", "May", "Me", "Might", "My", "No", "Not",
        "Now", "Of", "Oh", "Ok", "Okay", "On", "Or", "Our", "She", "Should", "So", "Some", "Than", "Thanks", "That", "The",
        "Their", "Them", "Then", "There", "These", "They", "This", "Those", "To", "Was", "We", "Well", "Were", "What", "When",
        "Where", "Which", "While", "Who", "Whom", "Whose", "Why", "Will", "With", "Would", "Wow", "Yeah", "Yes", "You", "Your",
    ], StringComparer.Ordinal);

    /// <summary>The distinct capitalised, non-function words of <paramref name="text"/>, in order of appearance.</summary>
    public static IReadOnlyList<string> Extract(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var found = new List<string>();
        foreach (Match match in CapitalisedWord().Matches(text))
        {
            var word = match.Value;
            if (!FunctionWords.Contains(word) && !found.Contains(word, StringComparer.Ordinal))
            {
                found.Add(word);
            }
        }

        return found;
    }

    /// <summary>The share (0..1) of <paramref name="entities"/> that occur in <paramref name="text"/> as whole words.</summary>
    public static double Overlap(IReadOnlyList<string> entities, string text)
    {
        ArgumentNullException.ThrowIfNull(entities);
        ArgumentNullException.ThrowIfNull(text);
        if (entities.Count == 0)
        {
            return 0;
        }

        var words = CapitalisedWord().Matches(text).Select(m => m.Value).ToHashSet(StringComparer.Ordinal);
        return (double)entities.Count(words.Contains) / entities.Count;
    }

    [GeneratedRegex(@"\b\p{Lu}[\p{L}\p{Nd}'’-]*\b", RegexOptions.CultureInvariant)]
    private static partial Regex CapitalisedWord();
}
