using System.Globalization;

namespace PeroCore.Memory.Text;

/// <summary>Small numbers written the way people type them in Chinese time phrases ("三天前", "十二月", "两个小时后").</summary>
public static class ChineseNumerals
{
    /// <summary>
    /// Reads 0–99 in Arabic digits or Chinese numerals (一, 两, 十, 十二, 二十, 二十三…); null for anything else,
    /// such as "三三" or "十十".
    /// </summary>
    /// <param name="text">The numeral alone.</param>
    /// <returns>The value, or null.</returns>
    public static int? Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var arabic))
        {
            return arabic;
        }

        if (text.Length == 0 || text.Length > 3)
        {
            return null;
        }

        var ten = text.IndexOf('十', StringComparison.Ordinal);
        if (ten < 0)
        {
            return text.Length == 1 && Digit(text[0]) >= 0 ? Digit(text[0]) : null;
        }

        var tens = ten == 0 ? 1 : ten == 1 && Digit(text[0]) > 0 ? Digit(text[0]) : -1;
        var ones = ten == text.Length - 1 ? 0 : ten == text.Length - 2 && Digit(text[^1]) > 0 ? Digit(text[^1]) : -1;
        return tens < 0 || ones < 0 ? null : (tens * 10) + ones;

        static int Digit(char c) => "零一二三四五六七八九".IndexOf(c, StringComparison.Ordinal) is var i and >= 0 ? i : c == '两' ? 2 : -1;
    }
}
