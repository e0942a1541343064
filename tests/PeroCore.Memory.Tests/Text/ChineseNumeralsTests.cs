using PeroCore.Memory.Text;

namespace PeroCore.Memory.Tests.Text;

public sealed class ChineseNumeralsTests
{
    [Theory]
    [InlineData("3", 3)]
    [InlineData("12", 12)]
    [InlineData("一", 1)]
    [InlineData("两", 2)]
    [InlineData("十", 10)]
    [InlineData("十二", 12)]
    [InlineData("二十", 20)]
    [InlineData("二十三", 23)]
    public void Reads_arabic_digits_and_chinese_numerals_up_to_99(string text, int expected) =>
        Assert.Equal(expected, ChineseNumerals.Parse(text));

    [Theory]
    [InlineData("")]
    [InlineData("三三")]
    [InlineData("十十")]
    [InlineData("零十")]
    [InlineData("一百")]
    [InlineData("几")]
    public void Refuses_what_is_not_a_numeral(string text) => Assert.Null(ChineseNumerals.Parse(text));
}
