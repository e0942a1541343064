using System.Globalization;
using PeroCore.Agent.Prompts;
using PeroCore.Agent.Scheduling;

namespace PeroCore.Agent.Tests.Scheduling;

/// <summary>Every documented time form, the refusals, and time zones across daylight saving.</summary>
public sealed class TaskTimeParserTests
{
    // Wednesday 2026-12-02, 18:00 in Shanghai (UTC+8, no daylight saving).
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-12-02T10:00:00Z", CultureInfo.InvariantCulture);
    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

    [Theory]
    [InlineData("2026-12-03T09:00:00+08:00", "2026-12-03T01:00:00Z")]
    [InlineData("2026-12-03T09:00Z", "2026-12-03T09:00:00Z")]
    [InlineData("2026-12-03T09:00:00-05:00", "2026-12-03T14:00:00Z")]
    [InlineData("2026-12-03T09:00", "2026-12-03T01:00:00Z")]
    [InlineData("2026-12-03T09:00:00", "2026-12-03T01:00:00Z")]
    [InlineData("2026-12-03 09:00:00", "2026-12-03T01:00:00Z")]
    [InlineData("2026-12-03 09:00", "2026-12-03T01:00:00Z")]
    [InlineData("in 10 minutes", "2026-12-02T10:10:00Z")]
    [InlineData("in 1 minute", "2026-12-02T10:01:00Z")]
    [InlineData("In 2 Hours", "2026-12-02T12:00:00Z")]
    [InlineData("in an hour", "2026-12-02T11:00:00Z")]
    [InlineData("in half an hour", "2026-12-02T10:30:00Z")]
    [InlineData("in 3 days", "2026-12-05T10:00:00Z")]
    [InlineData("tomorrow 9:00", "2026-12-03T01:00:00Z")]
    [InlineData("tomorrow at 9am", "2026-12-03T01:00:00Z")]
    [InlineData("tomorrow at 9 pm", "2026-12-03T13:00:00Z")]
    [InlineData("tomorrow 12am", "2026-12-02T16:00:00Z")]
    [InlineData("tomorrow at noon", "2026-12-03T04:00:00Z")]
    [InlineData("9am tomorrow", "2026-12-03T01:00:00Z")]
    [InlineData("today 18:30", "2026-12-02T10:30:00Z")]
    [InlineData("tonight at 8", "2026-12-02T12:00:00Z")]
    [InlineData("day after tomorrow 7:15pm", "2026-12-04T11:15:00Z")]
    [InlineData("next monday 10:00", "2026-12-07T02:00:00Z")]
    [InlineData("next wednesday 10:00", "2026-12-09T02:00:00Z")]
    [InlineData("friday at 10am", "2026-12-04T02:00:00Z")]
    [InlineData("明天早上九点", "2026-12-03T01:00:00Z")]
    [InlineData("明天下午3点", "2026-12-03T07:00:00Z")]
    [InlineData("明天 下午 3 点", "2026-12-03T07:00:00Z")]
    [InlineData("明天下午３点", "2026-12-03T07:00:00Z")]
    [InlineData("明天15点", "2026-12-03T07:00:00Z")]
    [InlineData("明天9:30", "2026-12-03T01:30:00Z")]
    [InlineData("10分钟后", "2026-12-02T10:10:00Z")]
    [InlineData("十分钟后", "2026-12-02T10:10:00Z")]
    [InlineData("两个小时后", "2026-12-02T12:00:00Z")]
    [InlineData("半小时后", "2026-12-02T10:30:00Z")]
    [InlineData("3天后", "2026-12-05T10:00:00Z")]
    [InlineData("后天晚上8点半", "2026-12-04T12:30:00Z")]
    [InlineData("今晚8点", "2026-12-02T12:00:00Z")]
    [InlineData("晚上9点15分", "2026-12-02T13:15:00Z")]
    [InlineData("明早7点一刻", "2026-12-02T23:15:00Z")]
    [InlineData("下周一9:30", "2026-12-07T01:30:00Z")]
    [InlineData("周五上午10点", "2026-12-04T02:00:00Z")]
    [InlineData("大后天中午12点", "2026-12-05T04:00:00Z")]
    [InlineData("明天凌晨两点", "2026-12-02T18:00:00Z")]
    [InlineData("明天晚上二十一点", "2026-12-03T13:00:00Z")]
    public void Documented_forms_give_the_instant(string text, string expectedUtc)
    {
        var result = TaskTimeParser.Parse(text, Now, Shanghai);
        Assert.True(result.Succeeded, $"{text}: {result.Error}");
        Assert.Equal(DateTimeOffset.Parse(expectedUtc, CultureInfo.InvariantCulture), result.Time);
        Assert.Equal(TimeSpan.Zero, result.Time.Offset);
    }

    [Theory]
    [InlineData("", TaskTimeError.Empty)]
    [InlineData("   ", TaskTimeError.Empty)]
    [InlineData("9", TaskTimeError.Ambiguous)]
    [InlineData("at 9", TaskTimeError.Ambiguous)]
    [InlineData("next week", TaskTimeError.Ambiguous)]
    [InlineData("tomorrow", TaskTimeError.Ambiguous)]
    [InlineData("tomorrow at 9", TaskTimeError.Ambiguous)]
    [InlineData("明天", TaskTimeError.Ambiguous)]
    [InlineData("下周", TaskTimeError.Ambiguous)]
    [InlineData("明天9点", TaskTimeError.Ambiguous)]
    [InlineData("晚上12点", TaskTimeError.Ambiguous)]
    [InlineData("whenever you like", TaskTimeError.Unrecognized)]
    [InlineData("in 0 minutes", TaskTimeError.Unrecognized)]
    [InlineData("tomorrow 25:00", TaskTimeError.Unrecognized)]
    [InlineData("tomorrow 13pm", TaskTimeError.Unrecognized)]
    [InlineData("早上15点", TaskTimeError.Unrecognized)]
    [InlineData("2026-13-01 09:00", TaskTimeError.Unrecognized)]
    [InlineData("2026-12-01T09:00", TaskTimeError.Past)]
    [InlineData("2026-12-02T09:59:59Z", TaskTimeError.Past)]
    [InlineData("today 9:00", TaskTimeError.Past)]
    [InlineData("下午3点", TaskTimeError.Past)]
    [InlineData("2040-01-01T00:00Z", TaskTimeError.TooFar)]
    public void Ambiguous_unreadable_and_past_times_are_refused(string text, TaskTimeError expected)
    {
        var result = TaskTimeParser.Parse(text, Now, Shanghai);
        Assert.False(result.Succeeded);
        Assert.Equal(expected, result.Error);
    }

    [Fact]
    public void A_refusal_says_why_and_which_forms_to_use_in_the_prompt_language()
    {
        var refused = TaskTimeParser.Parse("明天9点", Now, Shanghai);
        var english = SchedulerTexts.For(PromptLanguage.English).TimeRefusal(refused, Shanghai);
        var chinese = SchedulerTexts.For(PromptLanguage.Chinese).TimeRefusal(refused, Shanghai);
        Assert.Contains("ambiguous", english, StringComparison.Ordinal);
        Assert.Contains("tomorrow 9:00", english, StringComparison.Ordinal);
        Assert.Contains("有歧义", chinese, StringComparison.Ordinal);
        Assert.Contains("明天早上九点", chinese, StringComparison.Ordinal);
    }

    [Fact]
    public void New_York_local_times_follow_daylight_saving_and_gaps_and_repeats_are_refused()
    {
        // Saturday 2027-03-13 10:00 EST; the clocks jump from 02:00 to 03:00 on Sunday the 14th.
        var spring = DateTimeOffset.Parse("2027-03-13T15:00:00Z", CultureInfo.InvariantCulture);
        Assert.Equal(DateTimeOffset.Parse("2027-03-14T13:00:00Z", CultureInfo.InvariantCulture), TaskTimeParser.Parse("tomorrow 9:00", spring, NewYork).Time);
        Assert.Equal(DateTimeOffset.Parse("2027-03-13T15:00:00Z", CultureInfo.InvariantCulture), TaskTimeParser.Parse("today 10:00", spring.AddHours(-1), NewYork).Time);
        Assert.Equal(TaskTimeError.DaylightSavingGap, TaskTimeParser.Parse("tomorrow 2:30am", spring, NewYork).Error);
        Assert.Equal(TaskTimeError.DaylightSavingGap, TaskTimeParser.Parse("2027-03-14 02:30:00", spring, NewYork).Error);
        // A relative time is elapsed time: 24 hours later is 10:00 UTC-4, 11:00 on the wall clock.
        Assert.Equal(spring.AddHours(24), TaskTimeParser.Parse("in 24 hours", spring, NewYork).Time);

        // Saturday 2026-10-31 10:00 EDT; 01:00-02:00 happens twice on Sunday November 1st.
        var fall = DateTimeOffset.Parse("2026-10-31T14:00:00Z", CultureInfo.InvariantCulture);
        Assert.Equal(TaskTimeError.DaylightSavingOverlap, TaskTimeParser.Parse("tomorrow 1:30am", fall, NewYork).Error);
        Assert.Equal(DateTimeOffset.Parse("2026-11-01T14:00:00Z", CultureInfo.InvariantCulture), TaskTimeParser.Parse("tomorrow 9:00", fall, NewYork).Time);
        Assert.Equal(DateTimeOffset.Parse("2026-11-01T06:30:00Z", CultureInfo.InvariantCulture), TaskTimeParser.Parse("2026-11-01T01:30:00-05:00", fall, NewYork).Time);
    }

    [Fact]
    public void The_same_words_mean_the_local_time_of_each_zone()
    {
        var shanghai = TaskTimeParser.Parse("2026-12-03 09:00:00", Now, Shanghai).Time;
        var newYork = TaskTimeParser.Parse("2026-12-03 09:00:00", Now, NewYork).Time;
        Assert.Equal(TimeSpan.FromHours(13), newYork - shanghai);
        Assert.Equal("2026-12-03T09:00:00+08:00", ReminderScheduler.Show(shanghai, Shanghai));
        Assert.Equal("2026-12-03T09:00:00-05:00", ReminderScheduler.Show(newYork, NewYork));
    }
}
