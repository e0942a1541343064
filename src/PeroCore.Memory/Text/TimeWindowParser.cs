using System.Globalization;
using System.Text.RegularExpressions;

namespace PeroCore.Memory.Text;

/// <summary>
/// Finds the first time phrase of a query, in English or Chinese, and resolves it to a <see cref="TimeWindow"/> relative
/// to a clock, by hand-written rules (no date-recognition package): days ("today", "yesterday", "the day before
/// yesterday", "N days ago", "昨天", "前天", "三天前"), weeks ("this week", "last week", "last weekend", "N weeks ago",
/// "last Friday", "本周", "上周", "上个星期", "上周末", "两周前", "上周五"), months ("this month", "last month",
/// "N months ago", "in May", "May 2023", "last May", "本月", "上个月", "5月", "五月", "2023年5月"), and years ("this
/// year", "last year", "N years ago", "in 2022", "今年", "去年", "前年", "2022年"). Weeks start on Monday; a month
/// named without a year is its latest occurrence that has begun by the clock's date. Calendar days are those of the
/// clock's offset. Anything else (times of day, ranges, "recently") is not recognised, and the query gets no window.
/// </summary>
public static partial class TimeWindowParser
{
    private static readonly string[] EnglishMonths =
        ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

    private static readonly string[] EnglishWeekdays = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

    private static readonly Dictionary<string, int> EnglishNumbers = new(StringComparer.OrdinalIgnoreCase)
    {
        ["a"] = 1, ["an"] = 1, ["one"] = 1, ["two"] = 2, ["a couple of"] = 2, ["three"] = 3, ["four"] = 4, ["five"] = 5, ["six"] = 6,
        ["seven"] = 7, ["eight"] = 8, ["nine"] = 9, ["ten"] = 10, ["eleven"] = 11, ["twelve"] = 12,
    };

    /// <summary>The window of the first time phrase in <paramref name="query"/>, or null when it names none.</summary>
    /// <param name="query">The query text.</param>
    /// <param name="now">The clock the phrase is relative to (the store's clock); its offset decides the calendar day.</param>
    public static TimeWindow? Parse(string query, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(query);
        var today = new DateTimeOffset(now.Date, now.Offset);
        var best = (Index: int.MaxValue, Window: (TimeWindow?)null);
        foreach (var rule in Rules)
        {
            var match = rule.Pattern.Match(query);
            if (match.Success && match.Index < best.Index && rule.Resolve(match, today) is { } window)
            {
                best = (match.Index, window with { Phrase = match.Value.Trim() });
            }
        }

        return best.Window;
    }

    private static readonly (Regex Pattern, Func<Match, DateTimeOffset, TimeWindow?> Resolve)[] Rules =
    [
        // English, longest phrases first where they overlap.
        (DayBeforeYesterday(), (_, t) => Days(t.AddDays(-2), 1)),
        (Yesterday(), (_, t) => Days(t.AddDays(-1), 1)),
        (Today(), (_, t) => Days(t, 1)),
        (AgoEnglish(), (m, t) => Ago(t, EnglishNumber(m.Groups["n"].Value), m.Groups["unit"].Value.ToLowerInvariant()[0])),
        (LastWeekend(), (_, t) => Days(WeekStart(t).AddDays(-2), 2)),
        (ThisOrLastUnit(), (m, t) => ThisOrLast(t, m.Groups["which"].Value.Equals("last", StringComparison.OrdinalIgnoreCase) || m.Groups["which"].Value.Equals("past", StringComparison.OrdinalIgnoreCase), m.Groups["unit"].Value.ToLowerInvariant()[0])),
        (LastWeekday(), (m, t) => LastWeekdayOf(t, Array.IndexOf(EnglishWeekdays, Capitalise(m.Groups["day"].Value)))),
        (MonthYearEnglish(), (m, t) => Month(int.Parse(m.Groups["y"].Value, CultureInfo.InvariantCulture), MonthNumber(m.Groups["m"].Value), t)),
        (LastMonthName(), (m, t) => LatestMonth(t, MonthNumber(m.Groups["m"].Value), strictlyBefore: true)),
        (InMonthEnglish(), (m, t) => LatestMonth(t, MonthNumber(m.Groups["m"].Value), strictlyBefore: false)),
        (InYearEnglish(), (m, t) => Year(int.Parse(m.Groups["y"].Value, CultureInfo.InvariantCulture), t)),

        // Chinese.
        (Chinese前天(), (_, t) => Days(t.AddDays(-2), 1)),
        (Chinese昨天(), (_, t) => Days(t.AddDays(-1), 1)),
        (Chinese今天(), (_, t) => Days(t, 1)),
        (ChineseAgo(), (m, t) => Ago(t, ChineseNumber(m.Groups["n"].Value), ChineseUnit(m.Groups["unit"].Value))),
        (Chinese上周末(), (_, t) => Days(WeekStart(t).AddDays(-2), 2)),
        (Chinese上周几(), (m, t) => Days(WeekStart(t).AddDays(-7 + ChineseWeekday(m.Groups["d"].Value)), 1)),
        (Chinese上周(), (_, t) => Days(WeekStart(t).AddDays(-7), 7)),
        (Chinese本周(), (_, t) => ThisOrLast(t, last: false, 'w')),
        (Chinese上个月(), (_, t) => ThisOrLast(t, last: true, 'm')),
        (Chinese本月(), (_, t) => ThisOrLast(t, last: false, 'm')),
        (Chinese前年(), (_, t) => Year(t.Year - 2, t)),
        (Chinese去年(), (_, t) => Year(t.Year - 1, t)),
        (Chinese今年(), (_, t) => Year(t.Year, t)),
        (ChineseYearMonth(), (m, t) => Month(int.Parse(m.Groups["y"].Value, CultureInfo.InvariantCulture), ChineseNumber(m.Groups["m"].Value), t)),
        (ChineseMonth(), (m, t) => LatestMonth(t, ChineseNumber(m.Groups["m"].Value), strictlyBefore: false)),
        (ChineseYear(), (m, t) => Year(int.Parse(m.Groups["y"].Value, CultureInfo.InvariantCulture), t)),
    ];

    private static TimeWindow Days(DateTimeOffset start, int days) => new(start, start.AddDays(days), string.Empty);

    private static DateTimeOffset WeekStart(DateTimeOffset day) => day.AddDays(-(((int)day.DayOfWeek + 6) % 7));

    private static TimeWindow? Ago(DateTimeOffset today, int n, char unit)
    {
        if (n is < 1 or > 100)
        {
            return null;
        }

        return unit switch
        {
            'd' => Days(today.AddDays(-n), 1),
            'w' => Days(WeekStart(today.AddDays(-7 * n)), 7),
            'm' => Month(today.AddMonths(-n).Year, today.AddMonths(-n).Month, today),
            'y' => Year(today.Year - n, today),
            _ => null,
        };
    }

    private static TimeWindow? ThisOrLast(DateTimeOffset today, bool last, char unit) => unit switch
    {
        'w' => Days(WeekStart(today).AddDays(last ? -7 : 0), 7),
        'm' => last ? Month(today.AddMonths(-1).Year, today.AddMonths(-1).Month, today) : Month(today.Year, today.Month, today),
        'y' => Year(last ? today.Year - 1 : today.Year, today),
        _ => null,
    };

    private static TimeWindow? LastWeekdayOf(DateTimeOffset today, int weekday)
    {
        if (weekday < 0)
        {
            return null;
        }

        var back = ((((int)today.DayOfWeek + 6) % 7) - weekday + 7) % 7;
        return Days(today.AddDays(-(back == 0 ? 7 : back)), 1);
    }

    private static TimeWindow? Month(int year, int month, DateTimeOffset today)
    {
        if (month is < 1 or > 12 || year is < 1 or > 9998)
        {
            return null;
        }

        var start = new DateTimeOffset(year, month, 1, 0, 0, 0, today.Offset);
        return new TimeWindow(start, start.AddMonths(1), string.Empty);
    }

    private static TimeWindow? LatestMonth(DateTimeOffset today, int month, bool strictlyBefore)
    {
        if (month is < 1 or > 12)
        {
            return null;
        }

        var year = month < today.Month || (month == today.Month && !strictlyBefore) ? today.Year : today.Year - 1;
        return Month(year, month, today);
    }

    private static TimeWindow? Year(int year, DateTimeOffset today)
    {
        if (year is < 1 or > 9998)
        {
            return null;
        }

        var start = new DateTimeOffset(year, 1, 1, 0, 0, 0, today.Offset);
        return new TimeWindow(start, start.AddYears(1), string.Empty);
    }

    private static int MonthNumber(string name) =>
        Array.FindIndex(EnglishMonths, m => m.StartsWith(name[..Math.Min(3, name.Length)], StringComparison.OrdinalIgnoreCase)) + 1;

    private static string Capitalise(string word) => word.Length == 0 ? word : char.ToUpperInvariant(word[0]) + word[1..].ToLowerInvariant();

    private static int EnglishNumber(string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n
        : EnglishNumbers.TryGetValue(Regex.Replace(text.Trim(), @"\s+", " "), out n) ? n : 0;

    /// <summary>A numeral the patterns matched; 0 (which no rule accepts) for a malformed one such as "三三".</summary>
    private static int ChineseNumber(string text) => ChineseNumerals.Parse(text) ?? 0;

    private static char ChineseUnit(string unit) => unit switch
    {
        "天" or "日" => 'd',
        "周" or "星期" or "个星期" or "礼拜" or "个礼拜" => 'w',
        "个月" or "月" => 'm',
        "年" => 'y',
        _ => '?',
    };

    private static int ChineseWeekday(string d) => "一二三四五六".IndexOf(d, StringComparison.Ordinal) is var i and >= 0 ? i : 6;

    [GeneratedRegex(@"\bthe\s+day\s+before\s+yesterday\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DayBeforeYesterday();

    [GeneratedRegex(@"\b(yesterday|last\s+night)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Yesterday();

    [GeneratedRegex(@"\b(today|tonight|this\s+morning|this\s+afternoon|this\s+evening)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Today();

    [GeneratedRegex(@"\b(?<n>\d{1,3}|a\s+couple\s+of|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s+(?<unit>day|week|month|year)s?\s+ago\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AgoEnglish();

    [GeneratedRegex(@"\blast\s+weekend\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex LastWeekend();

    [GeneratedRegex(@"\b(?<which>this|last|past)\s+(?<unit>week|month|year)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ThisOrLastUnit();

    [GeneratedRegex(@"\blast\s+(?<day>monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex LastWeekday();

    // Month names are matched capitalised only, so the verb "may" and the verb "march" are not months.
    [GeneratedRegex(@"\b(?:(?:[Ii]n|[Dd]uring|[Oo]f|[Ss]ince|[Oo]n)\s+)?(?<m>January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.?(?:\s+\d{1,2}(?:st|nd|rd|th)?)?,?\s+(?<y>(?:19|20)\d{2})\b",
        RegexOptions.CultureInvariant)]
    private static partial Regex MonthYearEnglish();

    [GeneratedRegex(@"\b[Ll]ast\s+(?<m>January|February|March|April|May|June|July|August|September|October|November|December)\b", RegexOptions.CultureInvariant)]
    private static partial Regex LastMonthName();

    [GeneratedRegex(@"\b(?:[Ii]n|[Dd]uring|[Ss]ince|[Ee]arly|[Ll]ate|[Oo]f|[Tt]his)\s+(?:the\s+)?(?:(?:beginning|end|middle)\s+of\s+)?(?<m>January|February|March|April|May|June|July|August|September|October|November|December)\b",
        RegexOptions.CultureInvariant)]
    private static partial Regex InMonthEnglish();

    [GeneratedRegex(@"\b(?:[Ii]n|[Dd]uring|[Oo]f|[Ss]ince)\s+(?<y>(?:19|20)\d{2})\b", RegexOptions.CultureInvariant)]
    private static partial Regex InYearEnglish();

    [GeneratedRegex("前天")]
    private static partial Regex Chinese前天();

    [GeneratedRegex("昨天|昨日|昨晚|昨夜")]
    private static partial Regex Chinese昨天();

    [GeneratedRegex("今天|今日|今晚|今早")]
    private static partial Regex Chinese今天();

    [GeneratedRegex("(?<n>[0-9]{1,3}|[一二两三四五六七八九十]{1,3})(?<unit>天|日|个星期|星期|个礼拜|礼拜|周|个月|年)(?:以)?前")]
    private static partial Regex ChineseAgo();

    [GeneratedRegex("上周末|上个周末")]
    private static partial Regex Chinese上周末();

    [GeneratedRegex("上(?:个)?(?:周|星期|礼拜)(?<d>[一二三四五六日天])")]
    private static partial Regex Chinese上周几();

    [GeneratedRegex("上周|上个星期|上星期|上个礼拜|上礼拜")]
    private static partial Regex Chinese上周();

    [GeneratedRegex("本周|这周|这个星期|这星期|这个礼拜")]
    private static partial Regex Chinese本周();

    [GeneratedRegex("上个月|上月")]
    private static partial Regex Chinese上个月();

    [GeneratedRegex("本月|这个月")]
    private static partial Regex Chinese本月();

    [GeneratedRegex("前年")]
    private static partial Regex Chinese前年();

    [GeneratedRegex("去年")]
    private static partial Regex Chinese去年();

    [GeneratedRegex("今年")]
    private static partial Regex Chinese今年();

    [GeneratedRegex("(?<y>(?:19|20)[0-9]{2})年(?<m>[0-9]{1,2}|十[一二]?|[一二三四五六七八九])月")]
    private static partial Regex ChineseYearMonth();

    [GeneratedRegex("(?<![0-9一二三四五六七八九十个])(?<m>1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])月(?!前)")]
    private static partial Regex ChineseMonth();

    [GeneratedRegex("(?<y>(?:19|20)[0-9]{2})年(?![0-9一二三四五六七八九十]{1,2}月)")]
    private static partial Regex ChineseYear();
}
