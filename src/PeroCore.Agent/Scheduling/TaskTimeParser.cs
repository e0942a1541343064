using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using PeroCore.Memory.Text;

namespace PeroCore.Agent.Scheduling;

/// <summary>
/// Reads the time of a reminder or topic, as a person or a model writes it, in the user's time zone. Accepted forms:
/// <list type="bullet">
/// <item>ISO-8601 with an offset (<c>2026-12-03T09:00:00+08:00</c>, <c>…Z</c>): that instant;</item>
/// <item>ISO-8601 without an offset (<c>2026-12-03T09:00</c>) and the original's <c>YYYY-MM-DD HH:MM[:SS]</c>: local time
/// in the user's zone;</item>
/// <item>relative English: <c>in 10 minutes</c>, <c>in 2 hours</c>, <c>in an hour</c>, <c>in half an hour</c>, <c>in 3 days</c>;</item>
/// <item>English day and time: <c>today 18:30</c>, <c>tomorrow 9:00</c>, <c>tomorrow at 9am</c>, <c>tonight at 8</c>,
/// <c>day after tomorrow 7:15pm</c>, <c>next monday 10:00</c> (the first Monday after today), <c>monday at 10am</c>,
/// or the time first (<c>9am tomorrow</c>);</item>
/// <item>relative Chinese: <c>10分钟后</c>, <c>2小时后</c>, <c>两个小时后</c>, <c>半小时后</c>, <c>3天后</c>;</item>
/// <item>Chinese day and time: <c>明天早上九点</c>, <c>明天下午3点</c>, <c>后天晚上8点半</c>, <c>今晚8点</c>, <c>下午3点15分</c>
/// (today), <c>周五上午10点</c> (the first Friday after today), <c>下周一9:30</c> (Monday of next week), <c>明天15点</c>.</item>
/// </list>
/// Refused, never guessed: a bare hour without am/pm, 上午/下午 or minutes (<c>9</c>, <c>tomorrow at 9</c>, <c>明天9点</c>);
/// a day without an hour (<c>明天</c>, <c>next week</c>); a time already past; a local time skipped or repeated by a
/// daylight-saving change; anything more than <see cref="MaxAhead"/> ahead. Time is read from the clock given, so tests
/// control it.
/// </summary>
public static partial class TaskTimeParser
{
    /// <summary>How far ahead a task may be set.</summary>
    public static readonly TimeSpan MaxAhead = TimeSpan.FromDays(3660);

    private static readonly string[] IsoLocalFormats =
    [
        "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF",
        "yyyy-MM-dd HH:mm", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm:ss.FFFFFFF",
    ];

    private static readonly string[] EnglishDays = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"];

    /// <summary>Reads <paramref name="text"/> relative to <paramref name="now"/> in <paramref name="zone"/>.</summary>
    public static TaskTimeResult Parse(string? text, DateTimeOffset now, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var input = text ?? string.Empty;
        if (string.IsNullOrWhiteSpace(input))
        {
            return new(default, TaskTimeError.Empty, input);
        }

        var normalized = Normalize(input);
        var (time, error) = ParseCore(normalized, now, zone);
        if (error == TaskTimeError.None)
        {
            if (time <= now)
            {
                error = TaskTimeError.Past;
            }
            else if (time - now > MaxAhead)
            {
                error = TaskTimeError.TooFar;
            }
        }

        return new(error == TaskTimeError.None ? time.ToUniversalTime() : default, error, input);
    }

    /// <summary>The user's zone from an IANA or Windows id; null when the id is unknown.</summary>
    public static TimeZoneInfo? FindZone(string? id)
    {
        if (string.IsNullOrWhiteSpace(id))
        {
            return null;
        }

        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id.Trim());
        }
        catch (TimeZoneNotFoundException)
        {
            return null;
        }
        catch (InvalidTimeZoneException)
        {
            return null;
        }
    }

    private static (DateTimeOffset Time, TaskTimeError Error) ParseCore(string s, DateTimeOffset now, TimeZoneInfo zone)
    {
        // ISO-8601 with an offset or Z: an instant.
        if (IsoWithOffset().IsMatch(s) &&
            DateTimeOffset.TryParse(s.Replace(' ', 'T'), CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out var instant))
        {
            return (instant, TaskTimeError.None);
        }

        // ISO-8601 without an offset, and the original's "YYYY-MM-DD HH:MM:SS": the user's local time.
        if (DateTime.TryParseExact(s, IsoLocalFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            return Local(local, zone);
        }

        if (IsoLike().IsMatch(s))
        {
            return (default, TaskTimeError.Unrecognized);
        }

        var lower = s.ToLowerInvariant();
        if (EnglishRelative().Match(lower) is { Success: true } rel)
        {
            return Relative(now, EnglishAmount(rel.Groups["n"].Value), rel.Groups["u"].Value);
        }

        if (EnglishDayTime().Match(lower) is { Success: true } dt)
        {
            return EnglishAt(dt, now, zone);
        }

        if (EnglishTimeDay().Match(lower) is { Success: true } td)
        {
            return EnglishAt(td, now, zone);
        }

        if (ChineseRelative().Match(s) is { Success: true } zr)
        {
            var amount = zr.Groups["n"].Value == "半" ? 0.5 : ChineseNumber(zr.Groups["n"].Value);
            return amount is null ? (default, TaskTimeError.Unrecognized) : Relative(now, amount.Value, ChineseUnit(zr.Groups["u"].Value));
        }

        if (ChineseDayTime().Match(s) is { Success: true } zt && (zt.Groups["day"].Success || zt.Groups["period"].Success || zt.Groups["sep"].Success))
        {
            return ChineseAt(zt, now, zone);
        }

        // A day with no hour, a bare number, or a vague span: ambiguous rather than unknown, so the message says what is missing.
        return VagueWords().IsMatch(lower) || BareNumber().IsMatch(lower)
            ? (default, TaskTimeError.Ambiguous)
            : (default, TaskTimeError.Unrecognized);
    }

    private static (DateTimeOffset, TaskTimeError) Relative(DateTimeOffset now, double? amount, string unit)
    {
        if (amount is not > 0 || amount > 100_000)
        {
            return (default, TaskTimeError.Unrecognized);
        }

        var span = unit switch
        {
            _ when unit.StartsWith("sec", StringComparison.Ordinal) => TimeSpan.FromSeconds(amount.Value),
            _ when unit.StartsWith("min", StringComparison.Ordinal) => TimeSpan.FromMinutes(amount.Value),
            _ when unit.StartsWith('h') => TimeSpan.FromHours(amount.Value),
            _ when unit.StartsWith('d') => TimeSpan.FromDays(amount.Value),
            _ when unit.StartsWith('w') => TimeSpan.FromDays(7 * amount.Value),
            _ => TimeSpan.Zero,
        };
        return span <= TimeSpan.Zero || span > MaxAhead ? (default, span > MaxAhead ? TaskTimeError.TooFar : TaskTimeError.Unrecognized) : (now + span, TaskTimeError.None);
    }

    private static double? EnglishAmount(string n) => n switch
    {
        "a" or "an" or "one" => 1,
        "half an" or "half a" => 0.5,
        _ => int.TryParse(n, NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : null,
    };

    private static (DateTimeOffset, TaskTimeError) EnglishAt(Match m, DateTimeOffset now, TimeZoneInfo zone)
    {
        var today = TimeZoneInfo.ConvertTime(now, zone).Date;
        var day = m.Groups["day"].Value;
        DateTime date;
        var evening = false;
        if (m.Groups["wd"].Success)
        {
            var target = Array.IndexOf(EnglishDays, m.Groups["wd"].Value);
            var ahead = ((target - (int)today.DayOfWeek) + 7) % 7;
            date = today.AddDays(ahead == 0 ? 7 : ahead);
        }
        else
        {
            (date, evening) = day switch
            {
                "today" => (today, false),
                "tonight" => (today, true),
                "tomorrow" => (today.AddDays(1), false),
                _ => (today.AddDays(2), false), // (the) day after tomorrow
            };
        }

        int hour;
        var minute = 0;
        if (m.Groups["noon"].Success)
        {
            hour = 12;
        }
        else
        {
            hour = int.Parse(m.Groups["h"].Value, CultureInfo.InvariantCulture);
            if (m.Groups["m"].Success)
            {
                minute = int.Parse(m.Groups["m"].Value, CultureInfo.InvariantCulture);
            }

            var ap = m.Groups["ap"].Value.Replace(".", string.Empty, StringComparison.Ordinal);
            if (ap.Length > 0)
            {
                if (hour is < 1 or > 12)
                {
                    return (default, TaskTimeError.Unrecognized);
                }

                hour = (hour % 12) + (ap == "pm" ? 12 : 0);
            }
            else if (evening && hour is >= 1 and < 12)
            {
                hour += 12;
            }
            else if (!m.Groups["m"].Success)
            {
                return (default, TaskTimeError.Ambiguous); // "tomorrow at 9": am or pm?
            }
        }

        return hour > 23 || minute > 59 ? (default, TaskTimeError.Unrecognized) : Local(date.AddHours(hour).AddMinutes(minute), zone);
    }

    private static (DateTimeOffset, TaskTimeError) ChineseAt(Match m, DateTimeOffset now, TimeZoneInfo zone)
    {
        var today = TimeZoneInfo.ConvertTime(now, zone).Date;
        var day = m.Groups["day"].Value;
        var period = m.Groups["period"].Value;
        DateTime date = today;
        if (m.Groups["wd"].Success)
        {
            var target = m.Groups["wd"].Value switch { "日" or "天" or "7" => 0, var w => (int)(ChineseNumber(w) ?? 0) };
            if (day.StartsWith('下'))
            {
                // 下周一: that day of next week (weeks start on Monday).
                var sinceMonday = ((int)today.DayOfWeek + 6) % 7;
                date = today.AddDays(7 - sinceMonday + ((target + 6) % 7));
            }
            else
            {
                var ahead = ((target - (int)today.DayOfWeek) + 7) % 7;
                date = today.AddDays(ahead == 0 ? 7 : ahead);
            }
        }
        else
        {
            switch (day)
            {
                case "明天" or "明早" or "明晚":
                    date = today.AddDays(1);
                    break;
                case "后天":
                    date = today.AddDays(2);
                    break;
                case "大后天":
                    date = today.AddDays(3);
                    break;
            }

            if (period.Length == 0)
            {
                period = day switch { "今晚" or "明晚" => "晚上", "明早" => "早上", _ => string.Empty };
            }
        }

        if (ChineseNumber(m.Groups["h"].Value) is not { } h || h > 24)
        {
            return (default, TaskTimeError.Unrecognized);
        }

        var hour = (int)h;
        var minute = 0;
        var colon = m.Groups["sep"].Value == ":";
        var rest = m.Groups["rest"].Value;
        if (rest == "半")
        {
            minute = 30;
        }
        else if (rest == "一刻")
        {
            minute = 15;
        }
        else if (rest == "三刻")
        {
            minute = 45;
        }
        else if (m.Groups["m"].Success)
        {
            if (ChineseNumber(m.Groups["m"].Value) is not { } mm || mm > 59)
            {
                return (default, TaskTimeError.Unrecognized);
            }

            minute = (int)mm;
        }
        else if (colon)
        {
            return (default, TaskTimeError.Unrecognized); // "9:" without minutes
        }

        int? resolved = period switch
        {
            "" => colon || hour == 0 || hour >= 13 ? hour : null, // 明天9点: morning or evening?
            "凌晨" => hour == 12 ? 0 : hour <= 6 ? hour : null,
            "早上" or "早晨" or "清晨" or "上午" => hour <= 12 ? hour : null,
            "中午" => hour is 11 or 12 ? hour : hour is >= 1 and <= 2 ? hour + 12 : hour is 13 or 14 ? hour : null,
            "下午" or "傍晚" => hour is >= 1 and <= 11 ? hour + 12 : hour is >= 12 and <= 19 ? hour : null,
            _ => hour is >= 6 and <= 11 ? hour + 12 : hour is >= 18 and <= 23 ? hour : null, // 晚上/夜里
        };
        if (resolved is null)
        {
            return (default, period.Length == 0 || period is "晚上" or "夜里" ? TaskTimeError.Ambiguous : TaskTimeError.Unrecognized);
        }

        return resolved > 23 ? (default, TaskTimeError.Unrecognized) : Local(date.AddHours(resolved.Value).AddMinutes(minute), zone);
    }

    private static string ChineseUnit(string unit) => unit switch
    {
        "秒" or "秒钟" => "sec",
        "分" or "分钟" => "min",
        "小时" or "钟头" => "h",
        "天" => "d",
        _ => "w",
    };

    private static double? ChineseNumber(string text) => ChineseNumerals.Parse(text);

    /// <summary>A local time in the zone; refused when a daylight-saving change skips or repeats it.</summary>
    private static (DateTimeOffset, TaskTimeError) Local(DateTime local, TimeZoneInfo zone)
    {
        var unspecified = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        if (zone.IsInvalidTime(unspecified))
        {
            return (default, TaskTimeError.DaylightSavingGap);
        }

        if (zone.IsAmbiguousTime(unspecified))
        {
            return (default, TaskTimeError.DaylightSavingOverlap);
        }

        return (new DateTimeOffset(unspecified, zone.GetUtcOffset(unspecified)), TaskTimeError.None);
    }

    /// <summary>Trims, folds full-width digits and punctuation to ASCII and collapses spaces.</summary>
    private static string Normalize(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var c in text.Trim())
        {
            var folded = c switch
            {
                >= '０' and <= '９' => (char)('0' + (c - '０')),
                '：' => ':',
                '\u3000' or '\t' or '\n' or '\r' => ' ',
                '，' or '。' => ' ',
                _ => c,
            };
            if (folded == ' ' && (sb.Length == 0 || sb[^1] == ' '))
            {
                continue;
            }

            sb.Append(folded);
        }

        var s = sb.ToString().Trim();

        // Chinese needs no spaces between its parts ("明天 下午 3点" is "明天下午3点").
        return ContainsHan().IsMatch(s) ? s.Replace(" ", string.Empty, StringComparison.Ordinal) : s;
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?\s*(Z|z|[+-]\d{2}(:?\d{2})?)$")]
    private static partial Regex IsoWithOffset();

    [GeneratedRegex(@"^\d{4}-\d{1,2}-\d{1,2}")]
    private static partial Regex IsoLike();

    [GeneratedRegex(@"^(?:in\s+)(?<n>\d{1,6}|an?|one|half an?)\s*(?<u>seconds?|secs?|minutes?|mins?|hours?|hrs?|h|days?|weeks?)$")]
    private static partial Regex EnglishRelative();

    private const string EnglishDay =
        @"(?<day>today|tonight|tomorrow|(?:the\s+)?day\s+after\s+tomorrow|(?:next\s+|on\s+|this\s+coming\s+)?(?<wd>sunday|monday|tuesday|wednesday|thursday|friday|saturday))";

    private const string EnglishTime = @"(?:(?<noon>noon)|(?<h>\d{1,2})(?::(?<m>\d{2}))?\s*(?<ap>am|pm|a\.m\.|p\.m\.)?)";

    [GeneratedRegex(@"^" + EnglishDay + @"\s*,?\s*(?:at\s+)?" + EnglishTime + @"$")]
    private static partial Regex EnglishDayTime();

    [GeneratedRegex(@"^(?:at\s+)?" + EnglishTime + @"\s+" + EnglishDay + @"$")]
    private static partial Regex EnglishTimeDay();

    [GeneratedRegex(@"^(?:过)?(?<n>\d{1,6}|半|[零一二两三四五六七八九十]{1,3})个?(?<u>秒钟?|分钟?|小时|钟头|天|周|星期|礼拜)(?:以后|之后|后)$")]
    private static partial Regex ChineseRelative();

    [GeneratedRegex(
        @"^(?<day>今天|今晚|明天|明早|明晚|后天|大后天|下个?(?:周|星期|礼拜)(?<wd>[一二三四五六日天1-7])|(?:周|星期|礼拜)(?<wd>[一二三四五六日天1-7]))?" +
        @"(?<period>凌晨|早上|早晨|清晨|上午|中午|下午|傍晚|晚上|夜里)?" +
        @"(?<h>\d{1,2}|[零一二两三四五六七八九十]{1,3})" +
        @"(?:(?<sep>[点點时:])(?<rest>半|一刻|三刻|(?<m>\d{1,2}|[零一二三四五六七八九十]{1,3})分?)?)$")]
    private static partial Regex ChineseDayTime();

    [GeneratedRegex(@"^(today|tonight|tomorrow|next\s+\w+|this\s+\w+|later|soon|morning|afternoon|evening|今天|明天|后天|大后天|今晚|明早|明晚|下周.*|下个?星期.*|周.|星期.|早上|上午|中午|下午|晚上|待会儿?|一会儿?|稍后)$")]
    private static partial Regex VagueWords();

    [GeneratedRegex(@"^(?:at\s+)?\d{1,2}$")]
    private static partial Regex BareNumber();

    [GeneratedRegex(@"\p{IsCJKUnifiedIdeographs}")]
    private static partial Regex ContainsHan();
}
