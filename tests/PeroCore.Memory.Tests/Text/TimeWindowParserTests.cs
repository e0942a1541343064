using System.Globalization;
using PeroCore.Memory.Text;

namespace PeroCore.Memory.Tests.Text;

public class TimeWindowParserTests
{
    // Thursday 15 June 2023; its week began on Monday 12 June.
    private static readonly DateTimeOffset Now = new(2023, 6, 15, 10, 30, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("What did I do yesterday?", "2023-06-14", "2023-06-15", "yesterday")]
    [InlineData("What did we talk about last night?", "2023-06-14", "2023-06-15", "last night")]
    [InlineData("What happened the day before yesterday?", "2023-06-13", "2023-06-14", "the day before yesterday")]
    [InlineData("What did I eat today?", "2023-06-15", "2023-06-16", "today")]
    [InlineData("What did Caroline say two days ago?", "2023-06-13", "2023-06-14", "two days ago")]
    [InlineData("the concert 3 days ago", "2023-06-12", "2023-06-13", "3 days ago")]
    [InlineData("Where did Melanie go last week?", "2023-06-05", "2023-06-12", "last week")]
    [InlineData("plans for this week", "2023-06-12", "2023-06-19", "this week")]
    [InlineData("What did we do last weekend?", "2023-06-10", "2023-06-12", "last weekend")]
    [InlineData("a hike two weeks ago", "2023-05-29", "2023-06-05", "two weeks ago")]
    [InlineData("Which book did she read last month?", "2023-05-01", "2023-06-01", "last month")]
    [InlineData("a month ago", "2023-05-01", "2023-06-01", "a month ago")]
    [InlineData("What did Caroline do in May?", "2023-05-01", "2023-06-01", "in May")]
    [InlineData("the trip in August", "2022-08-01", "2022-09-01", "in August")]
    [InlineData("the party in June", "2023-06-01", "2023-07-01", "in June")]
    [InlineData("the party last June", "2022-06-01", "2022-07-01", "last June")]
    [InlineData("What happened in May 2022?", "2022-05-01", "2022-06-01", "in May 2022")]
    [InlineData("the talk on May 7, 2022", "2022-05-01", "2022-06-01", "on May 7, 2022")]
    [InlineData("Where did we travel last year?", "2022-01-01", "2023-01-01", "last year")]
    [InlineData("this year", "2023-01-01", "2024-01-01", "this year")]
    [InlineData("What happened in 2021?", "2021-01-01", "2022-01-01", "in 2021")]
    [InlineData("three years ago", "2020-01-01", "2021-01-01", "three years ago")]
    [InlineData("What did she buy last Friday?", "2023-06-09", "2023-06-10", "last Friday")]
    [InlineData("last thursday", "2023-06-08", "2023-06-09", "last thursday")]
    [InlineData("yesterday or last year", "2023-06-14", "2023-06-15", "yesterday")]
    public void English_phrases_resolve_against_the_clock(string query, string start, string end, string phrase) =>
        AssertWindow(query, start, end, phrase);

    [Theory]
    [InlineData("我昨天做了什么？", "2023-06-14", "2023-06-15", "昨天")]
    [InlineData("昨晚聊了什么", "2023-06-14", "2023-06-15", "昨晚")]
    [InlineData("前天去了哪里", "2023-06-13", "2023-06-14", "前天")]
    [InlineData("今天吃了什么", "2023-06-15", "2023-06-16", "今天")]
    [InlineData("三天前说的电影", "2023-06-12", "2023-06-13", "三天前")]
    [InlineData("2天前", "2023-06-13", "2023-06-14", "2天前")]
    [InlineData("上周去了哪里", "2023-06-05", "2023-06-12", "上周")]
    [InlineData("上个星期的会议", "2023-06-05", "2023-06-12", "上个星期")]
    [InlineData("本周的计划", "2023-06-12", "2023-06-19", "本周")]
    [InlineData("这周的计划", "2023-06-12", "2023-06-19", "这周")]
    [InlineData("上周末做了什么", "2023-06-10", "2023-06-12", "上周末")]
    [InlineData("上周五买了什么", "2023-06-09", "2023-06-10", "上周五")]
    [InlineData("两周前的徒步", "2023-05-29", "2023-06-05", "两周前")]
    [InlineData("上个月读的书", "2023-05-01", "2023-06-01", "上个月")]
    [InlineData("一个月前", "2023-05-01", "2023-06-01", "一个月前")]
    [InlineData("三个月前", "2023-03-01", "2023-04-01", "三个月前")]
    [InlineData("本月", "2023-06-01", "2023-07-01", "本月")]
    [InlineData("去年去了哪里旅行", "2022-01-01", "2023-01-01", "去年")]
    [InlineData("今年的目标", "2023-01-01", "2024-01-01", "今年")]
    [InlineData("前年", "2021-01-01", "2022-01-01", "前年")]
    [InlineData("两年前", "2021-01-01", "2022-01-01", "两年前")]
    [InlineData("5月做了什么", "2023-05-01", "2023-06-01", "5月")]
    [InlineData("五月做了什么", "2023-05-01", "2023-06-01", "五月")]
    [InlineData("八月的旅行", "2022-08-01", "2022-09-01", "八月")]
    [InlineData("十二月的聚会", "2022-12-01", "2023-01-01", "十二月")]
    [InlineData("2022年5月的事", "2022-05-01", "2022-06-01", "2022年5月")]
    [InlineData("2021年发生了什么", "2021-01-01", "2022-01-01", "2021年")]
    public void Chinese_phrases_resolve_against_the_clock(string query, string start, string end, string phrase) =>
        AssertWindow(query, start, end, phrase);

    [Theory]
    [InlineData("May I ask what you like?")]
    [InlineData("we will march on")]
    [InlineData("What does Caroline like to paint?")]
    [InlineData("我喜欢猫")]
    [InlineData("一个月饼")]
    [InlineData("")]
    public void Queries_without_a_time_phrase_get_no_window(string query) => Assert.Null(TimeWindowParser.Parse(query, Now));

    [Fact]
    public void Calendar_days_are_those_of_the_clocks_offset()
    {
        var beijing = new DateTimeOffset(2023, 6, 15, 1, 0, 0, TimeSpan.FromHours(8)); // still 14 June in UTC
        var window = TimeWindowParser.Parse("昨天", beijing)!;

        Assert.Equal(new DateTimeOffset(2023, 6, 14, 0, 0, 0, TimeSpan.FromHours(8)), window.Start);
        Assert.True(window.Contains(new DateTimeOffset(2023, 6, 13, 17, 0, 0, TimeSpan.Zero))); // 01:00 on 14 June in Beijing
        Assert.False(window.Contains(new DateTimeOffset(2023, 6, 14, 17, 0, 0, TimeSpan.Zero))); // 01:00 on 15 June in Beijing
    }

    private static void AssertWindow(string query, string start, string end, string phrase)
    {
        var window = TimeWindowParser.Parse(query, Now);

        Assert.NotNull(window);
        Assert.Equal(Day(start), window.Start);
        Assert.Equal(Day(end), window.End);
        Assert.Equal(phrase, window.Phrase);
    }

    private static DateTimeOffset Day(string date) =>
        new(DateTime.ParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture), TimeSpan.Zero);
}
