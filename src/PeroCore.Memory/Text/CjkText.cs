using System.Globalization;
using System.Text;

namespace PeroCore.Memory.Text;

/// <summary>Character classes shared by the FTS helpers.</summary>
internal static class CjkText
{
    /// <summary>
    /// Whether a scalar value belongs to a CJK script (Han, Hiragana, Katakana, Bopomofo, Hangul) and is a
    /// character SQLite's unicode61 tokenizer keeps inside tokens (a letter or a number). Such characters
    /// are indexed as single characters plus overlapping bigrams, since these scripts do not put spaces
    /// between words.
    /// </summary>
    public static bool IsCjk(Rune rune)
    {
        var v = rune.Value;
        var inScript =
            (v >= 0x3005 && v <= 0x3007) // 々 〆 〇
            || (v >= 0x3021 && v <= 0x3029) // Hangzhou numerals
            || (v >= 0x3031 && v <= 0x3035) // kana repeat marks
            || (v >= 0x3038 && v <= 0x303C)
            || (v >= 0x3040 && v <= 0x30FF) // Hiragana, Katakana
            || (v >= 0x3100 && v <= 0x312F) // Bopomofo
            || (v >= 0x3131 && v <= 0x318F) // Hangul compatibility jamo
            || (v >= 0x31A0 && v <= 0x31BF) // Bopomofo extended
            || (v >= 0x31F0 && v <= 0x31FF) // Katakana phonetic extensions
            || (v >= 0x3400 && v <= 0x4DBF) // Han extension A
            || (v >= 0x4E00 && v <= 0x9FFF) // Han
            || (v >= 0x1100 && v <= 0x11FF) // Hangul jamo
            || (v >= 0xA960 && v <= 0xA97F)
            || (v >= 0xAC00 && v <= 0xD7AF) // Hangul syllables
            || (v >= 0xD7B0 && v <= 0xD7FF)
            || (v >= 0xF900 && v <= 0xFAFF) // Han compatibility
            || (v >= 0xFF66 && v <= 0xFFDC) // half-width Katakana and Hangul
            || (v >= 0x1B000 && v <= 0x1B16F) // Kana supplement and extensions
            || (v >= 0x20000 && v <= 0x3FFFF); // Han extensions B and later
        return inScript && IsTokenCategory(Rune.GetUnicodeCategory(rune));
    }

    /// <summary>
    /// Whether a scalar value is part of a word for the query builder: letters, numbers, private use
    /// (unicode61's token characters) and combining marks (kept with their base letter).
    /// </summary>
    public static bool IsWordRune(Rune rune)
    {
        var category = Rune.GetUnicodeCategory(rune);
        return IsTokenCategory(category)
            || category is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark;
    }

    /// <summary>Applies NFKC (full-width Latin to ASCII, compatibility ideographs to unified ones…).</summary>
    public static string Normalize(string text)
    {
        try
        {
            return text.IsNormalized(NormalizationForm.FormKC) ? text : text.Normalize(NormalizationForm.FormKC);
        }
        catch (ArgumentException)
        {
            return text; // ill-formed UTF-16 (lone surrogates): use as is
        }
    }

    private static bool IsTokenCategory(UnicodeCategory category) => category switch
    {
        UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
            or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter => true,
        UnicodeCategory.DecimalDigitNumber or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber => true,
        UnicodeCategory.PrivateUse => true,
        _ => false,
    };
}
