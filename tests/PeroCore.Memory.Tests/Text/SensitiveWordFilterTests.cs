using System.Text;
using PeroCore.Memory.Text;

namespace PeroCore.Memory.Tests.Text;

public class SensitiveWordFilterTests
{
    [Fact]
    public void Masks_chinese_words()
    {
        var filter = new SensitiveWordFilter(["坏蛋", "笨"]);

        Assert.Equal("你这个**真*", filter.Mask("你这个坏蛋真笨"));
        Assert.Equal("今天天气好", filter.Mask("今天天气好"));
    }

    [Fact]
    public void Ignores_case_for_latin_text_by_default()
    {
        var filter = new SensitiveWordFilter(["Damn", "café"]);

        Assert.Equal("**** it, ****!", filter.Mask("DAMN it, CAFÉ!"));
        Assert.Equal(["Damn", "café"], filter.FindWords("a damn Café"));
    }

    [Fact]
    public void Case_sensitive_when_asked()
    {
        var filter = new SensitiveWordFilter(["Damn"], new SensitiveWordFilterOptions { IgnoreCase = false });

        Assert.Equal("damn ****", filter.Mask("damn Damn"));
    }

    [Fact]
    public void Overlapping_and_nested_matches_are_merged()
    {
        Assert.Equal("x****x", new SensitiveWordFilter(["abc", "bcd"]).Mask("xabcdx"));
        Assert.Equal("***", new SensitiveWordFilter(["主人", "人类"]).Mask("主人类"));
        Assert.Equal("a***a", new SensitiveWordFilter(["b", "bbb", "bb"]).Mask("abbba"));
    }

    [Fact]
    public void Reports_every_occurrence_with_positions()
    {
        var filter = new SensitiveWordFilter(["he", "she", "his", "hers"]);

        var matches = filter.FindMatches("ushers");

        Assert.Equal(
            [new SensitiveWordMatch("she", 1, 3), new SensitiveWordMatch("he", 2, 2), new SensitiveWordMatch("hers", 2, 4)],
            matches);
    }

    [Fact]
    public void Reject_mode_reports_the_words_and_keeps_the_text()
    {
        var filter = new SensitiveWordFilter(["秘密", "password"], new SensitiveWordFilterOptions { Mode = SensitiveWordMode.Reject });

        var result = filter.Apply("my PASSWORD is 秘密, the password!");

        Assert.True(result.IsRejected);
        Assert.True(result.IsMatch);
        Assert.Equal("my PASSWORD is 秘密, the password!", result.Text);
        Assert.Equal(["password", "秘密"], result.MatchedWords);

        var clean = filter.Apply("nothing here");
        Assert.False(clean.IsRejected);
        Assert.Empty(clean.MatchedWords);
    }

    [Fact]
    public void Mask_mode_apply_masks_and_uses_the_mask_character()
    {
        var filter = new SensitiveWordFilter(["猫"], new SensitiveWordFilterOptions { MaskChar = '#' });

        var result = filter.Apply("猫和狗");

        Assert.Equal("#和狗", result.Text);
        Assert.False(result.IsRejected);
        Assert.True(result.IsMatch);
        Assert.Equal(["猫"], result.MatchedWords);
    }

    [Fact]
    public void A_surrogate_pair_gets_one_mask_character()
    {
        var filter = new SensitiveWordFilter(["😀", "𠀀x"]);

        Assert.Equal("a*b", filter.Mask("a😀b"));
        Assert.Equal("**y", filter.Mask("𠀀xy"));
    }

    [Fact]
    public void Word_list_is_cleaned()
    {
        var filter = new SensitiveWordFilter(["  bad ", "", "   ", "BAD", "bad", null!]);

        Assert.Equal(["bad"], filter.Words);
        Assert.Equal("*** and ***", filter.Mask("Bad and bAd"));
        Assert.False(new SensitiveWordFilter([]).ContainsAny("anything"));
        Assert.Equal("anything", new SensitiveWordFilter([]).Mask("anything"));
    }

    [Fact]
    public void Contains_any_and_empty_inputs()
    {
        var filter = new SensitiveWordFilter(["x"]);

        Assert.True(filter.ContainsAny("abcx"));
        Assert.False(filter.ContainsAny("abc"));
        Assert.False(filter.ContainsAny(null));
        Assert.Equal(string.Empty, filter.Mask(null));
        Assert.Empty(filter.FindMatches(""));
    }

    [Fact]
    public void Agrees_with_a_naive_search_on_random_inputs()
    {
        var random = new Random(11);
        const string Alphabet = "abAB猫狗";
        string RandomString(int min, int max)
        {
            var b = new StringBuilder();
            var length = random.Next(min, max);
            for (var i = 0; i < length; i++)
            {
                b.Append(Alphabet[random.Next(Alphabet.Length)]);
            }

            return b.ToString();
        }

        for (var round = 0; round < 300; round++)
        {
            var words = Enumerable.Range(0, random.Next(1, 8)).Select(_ => RandomString(1, 5)).ToList();
            var filter = new SensitiveWordFilter(words);
            var text = RandomString(0, 60);

            var expected = new HashSet<(string, int, int)>();
            foreach (var word in filter.Words)
            {
                for (var i = 0; i + word.Length <= text.Length; i++)
                {
                    if (string.Compare(text, i, word, 0, word.Length, StringComparison.OrdinalIgnoreCase) == 0)
                    {
                        expected.Add((word, i, word.Length));
                    }
                }
            }

            var actual = filter.FindMatches(text).Select(m => (m.Word, m.Index, m.Length)).ToHashSet();
            Assert.Equal(expected, actual);

            var masked = filter.Mask(text);
            for (var i = 0; i < text.Length; i++)
            {
                var covered = expected.Any(m => i >= m.Item2 && i < m.Item2 + m.Item3);
                Assert.Equal(covered ? '*' : text[i], masked[i]);
            }
        }
    }

    [Fact]
    public void Handles_long_inputs_with_many_overlapping_matches()
    {
        var words = Enumerable.Range(1, 50).Select(n => new string('a', n)).ToList();
        var filter = new SensitiveWordFilter(words);
        var text = new string('a', 100_000);

        Assert.Equal(new string('*', 100_000), filter.Mask(text));
        Assert.Equal(50, filter.FindWords(text).Count);
        Assert.Equal(Enumerable.Range(1, 50).Sum(k => 100_000 - k + 1), filter.FindMatches(text).Count);
    }

    [Fact]
    public void One_instance_serves_concurrent_callers()
    {
        var filter = new SensitiveWordFilter(["坏", "bad"]);
        var results = new string[64];

        Parallel.For(0, results.Length, i => results[i] = filter.Mask($"{i} bad 坏 {i}"));

        for (var i = 0; i < results.Length; i++)
        {
            Assert.Equal($"{i} *** * {i}", results[i]);
        }
    }
}
