using PeroCore.Memory.Text;

namespace PeroCore.Memory.Tests.Text;

public class FtsSegmenterTests
{
    [Theory]
    [InlineData("主人喜欢猫", "主 人 喜 欢 猫 主人 人喜 喜欢 欢猫")]
    [InlineData("我爱Python编程", "我 爱 我爱 Python 编 程 编程")]
    [InlineData("猫", "猫")]
    [InlineData("hello world", "hello world")]
    [InlineData("NEBULA-2287 is here", "NEBULA-2287 is here")]
    [InlineData("主人，喜欢猫。", "主 人 主人 , 喜 欢 猫 喜欢 欢猫 。")] // NFKC turns the full-width comma into ","
    [InlineData("第3章", "第 3 章")]
    [InlineData("食べる", "食 べ る 食べ べる")]
    [InlineData("안녕 세계", "안 녕 안녕 세 계 세계")]
    [InlineData("ＡＢＣ１２３", "ABC123")] // NFKC: full-width Latin and digits
    [InlineData("ｱｲ", "ア イ アイ")] // NFKC: half-width Katakana
    [InlineData("", "")]
    public void Splits_cjk_runs_into_characters_and_bigrams(string input, string expected)
    {
        Assert.Equal(expected, FtsSegmenter.ForIndex(input));
    }

    [Fact]
    public void Supplementary_han_characters_stay_whole()
    {
        Assert.Equal("𠀀 𠀁 𠀀𠀁", FtsSegmenter.ForIndex("𠀀𠀁"));
        Assert.Equal(string.Empty, FtsSegmenter.ForIndex(null));
    }

    [Fact]
    public void Tags_are_segmented_one_by_one()
    {
        Assert.Equal("拉 面 拉面, 饮 食 饮食", FtsSegmenter.ForIndexTags("拉面,饮食"));
        Assert.Equal("编 程 编程, python, 机 器 学 习 机器 器学 学习", FtsSegmenter.ForIndexTags(" 编程，python、, 机器学习 ,"));
        Assert.Equal(string.Empty, FtsSegmenter.ForIndexTags(" , ,"));
    }
}
