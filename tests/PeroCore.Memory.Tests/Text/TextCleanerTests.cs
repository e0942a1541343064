using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using PeroCore.Memory.Text;

namespace PeroCore.Memory.Tests.Text;

public class TextCleanerTests
{
    private static readonly TextCleaner Unlimited = new(new TextCleanerOptions { MaxLength = 0 });

    [Fact]
    public void T34_image_data_is_replaced()
    {
        Assert.Equal("see [IMAGE_DATA]\"x", TextCleaner.Default.Clean("see data:image/png;base64,AAAA\"x"));
    }

    [Fact]
    public void T34_long_cjk_text_keeps_its_first_2000_characters()
    {
        var text = string.Concat(Enumerable.Range(0, 2500).Select(i => (char)('一' + (i % 500))));

        var cleaned = TextCleaner.Default.Clean(text);

        Assert.Equal(text[..2000], cleaned);
    }

    [Fact]
    public void T34_whitespace_is_trimmed()
    {
        Assert.Equal("hi", TextCleaner.Default.Clean("  hi  "));
        Assert.Equal("hi", TextCleaner.Default.Clean("\u3000\u00A0\n\thi\u2003\r\n"));
        Assert.Equal(string.Empty, TextCleaner.Default.Clean(null));
        Assert.Equal(string.Empty, TextCleaner.Default.Clean(" \n "));
    }

    [Fact]
    public void T34_upper_case_tag_bodies_are_omitted()
    {
        Assert.Equal(
            "<FILE_RESULTS>[OMITTED]</FILE_RESULTS>",
            TextCleaner.Default.Clean("<FILE_RESULTS>abc</FILE_RESULTS>"));
    }

    [Theory]
    [InlineData("a data:image/png;base64,iVBOR b", "a [IMAGE_DATA] b")]
    [InlineData("<img src='data:image/jpeg;base64,/9j/4AAQ+/='>", "<img src='[IMAGE_DATA]'>")]
    [InlineData("data:image/png;base64,AA>rest", "[IMAGE_DATA]>rest")]
    [InlineData("data:image/png;base64,AA\u3000rest", "[IMAGE_DATA]\u3000rest")]
    [InlineData("x data:image/a;base64,1 data:image/b;base64,2", "x [IMAGE_DATA] [IMAGE_DATA]")]
    [InlineData("data:image/svg+xml;base64,PHN2Zz4=", "[IMAGE_DATA]")]
    [InlineData("data:image/;base64,AAAA", "data:image/;base64,AAAA")] // empty type
    [InlineData("data:image/png;base64, AAAA", "data:image/png;base64, AAAA")] // empty payload
    [InlineData("data:image/png;utf8,AAAA", "data:image/png;utf8,AAAA")]
    [InlineData("data:image/png base64,AAAA", "data:image/png base64,AAAA")] // no ';'
    [InlineData("DATA:IMAGE/png;base64,AAAA", "DATA:IMAGE/png;base64,AAAA")] // case-sensitive
    [InlineData("data:image/x data:image/png;base64,QQ", "[IMAGE_DATA]")] // the type runs to the first ';'
    public void Image_rule_follows_the_original_regex(string input, string expected)
    {
        Assert.Equal(expected, Unlimited.Clean(input));
    }

    [Theory]
    [InlineData("<A>x</A>", "<A>[OMITTED]</A>")]
    [InlineData("<A></A>", "<A>[OMITTED]</A>")]
    [InlineData("pre <SEARCH_RESULTS>\nline1\nline2\n</SEARCH_RESULTS> post", "pre <SEARCH_RESULTS>[OMITTED]</SEARCH_RESULTS> post")]
    [InlineData("<A>1</A><B>2</B>", "<A>[OMITTED]</A><B>[OMITTED]</B>")]
    [InlineData("<A>1<B>2</B>3</A>", "<A>[OMITTED]</A>")]
    [InlineData("<A>x<A>y</A>z</A>", "<A>[OMITTED]</A>z</A>")] // non-greedy: the first closer
    [InlineData("<A>1<B>2</A>3</B>", "<A>[OMITTED]</A>3</B>")]
    [InlineData("<A>x</B>", "<A>x</B>")]
    [InlineData("</A><A>x", "</A><A>x")]
    [InlineData("<a>x</a>", "<a>x</a>")]
    [InlineData("<Ab>x</Ab>", "<Ab>x</Ab>")]
    [InlineData("<A >x</A>", "<A >x</A>")]
    [InlineData("<A>x</A >", "<A>x</A >")]
    [InlineData("<A><B>x</A>", "<A>[OMITTED]</A>")]
    [InlineData("<B>x <A>y</A>", "<B>x <A>[OMITTED]</A>")] // unclosed B, then A
    [InlineData("<<A>>x</A>>", "<<A>[OMITTED]</A>>")]
    public void Tag_rule_follows_the_original_regex(string input, string expected)
    {
        Assert.Equal(expected, Unlimited.Clean(input));
    }

    [Fact]
    public void Rules_match_the_reference_regexes_on_random_inputs()
    {
        var image = new Regex("data:image/[^;]+;base64,[^\"'\\s>]+", RegexOptions.CultureInvariant);
        var tags = new Regex("<([A-Z_]+)>.*?</\\1>", RegexOptions.Singleline | RegexOptions.CultureInvariant);
        string[] pieces = ["<", ">", "/", "A", "B", "_", "x", " ", "\n", ";", "\"", "'", "data:image/", "base64,", "png", "<A>", "</A>", "<B>", "</B>"];
        var random = new Random(3);
        for (var n = 0; n < 3000; n++)
        {
            var builder = new StringBuilder();
            var count = random.Next(0, 25);
            for (var i = 0; i < count; i++)
            {
                builder.Append(pieces[random.Next(pieces.Length)]);
            }

            var input = builder.ToString();
            Assert.Equal(image.Replace(input, "[IMAGE_DATA]"), TextCleaner.ReplaceImages(input, "[IMAGE_DATA]"));
            Assert.Equal(tags.Replace(input, "<$1>[OMITTED]</$1>"), TextCleaner.OmitTagBodies(input, "[OMITTED]"));
        }
    }

    [Fact]
    public void Length_cap_counts_grapheme_clusters()
    {
        var cleaner = new TextCleaner(new TextCleanerOptions { MaxLength = 3 });

        Assert.Equal("a👍🏽e\u0301", cleaner.Clean("a👍🏽e\u0301xyz")); // emoji + skin tone, e + combining acute
        Assert.Equal("𠀀𠀁𠀂", cleaner.Clean("𠀀𠀁𠀂𠀃")); // surrogate pairs are never split
        Assert.Equal("🇨🇳🇯🇵", new TextCleaner(new TextCleanerOptions { MaxLength = 2 }).Clean("🇨🇳🇯🇵🇰🇷"));
    }

    [Fact]
    public void Length_cap_is_applied_before_the_trim()
    {
        var cleaner = new TextCleaner(new TextCleanerOptions { MaxLength = 5 });

        Assert.Equal("ab", cleaner.Clean("   ab cdef"));
        Assert.Equal("abcde", new TextCleaner(new TextCleanerOptions { MaxLength = 0 }).Clean("abcde"));
    }

    [Fact]
    public void Replacements_happen_before_the_cap()
    {
        var text = "data:image/png;base64," + new string('A', 5000) + " tail";

        Assert.Equal("[IMAGE_DATA] tail", TextCleaner.Default.Clean(text));
    }

    [Fact]
    public void Rules_can_be_switched_off()
    {
        var cleaner = new TextCleaner(new TextCleanerOptions
        {
            ReplaceImageData = false,
            OmitTagBodies = false,
        });

        Assert.Equal("<A>data:image/png;base64,AA</A>", cleaner.Clean("<A>data:image/png;base64,AA</A>"));
        Assert.Throws<ArgumentOutOfRangeException>(() => new TextCleaner(new TextCleanerOptions { MaxLength = -1 }));
    }

    [Fact]
    public void Adversarial_unclosed_openers_are_left_alone()
    {
        var text = string.Concat(Enumerable.Repeat("<A>", 100_000));

        Assert.Equal(text, Unlimited.Clean(text));
        Assert.Equal(text[..2000], TextCleaner.Default.Clean(text));
    }

    [Fact]
    public void Adversarial_many_openers_and_one_closer_become_one_block()
    {
        var text = string.Concat(Enumerable.Repeat("<A>", 300_000)) + "</A>";

        Assert.Equal("<A>[OMITTED]</A>", Unlimited.Clean(text));
    }

    [Fact]
    public void Adversarial_interleaved_names_without_partners()
    {
        var text = string.Concat(Enumerable.Repeat("<A></B>", 100_000)) + "<B>";

        Assert.Equal(text, Unlimited.Clean(text));
    }

    [Fact]
    public void Adversarial_many_distinct_names_each_closed()
    {
        var builder = new StringBuilder();
        var expected = new StringBuilder();
        for (var i = 0; i < 20_000; i++)
        {
            var name = "T" + ToLetters(i);
            builder.Append('<').Append(name).Append(">body").Append(i.ToString(CultureInfo.InvariantCulture)).Append("</").Append(name).Append('>');
            expected.Append('<').Append(name).Append(">[OMITTED]</").Append(name).Append('>');
        }

        Assert.Equal(expected.ToString(), Unlimited.Clean(builder.ToString()));

        static string ToLetters(int value)
        {
            var s = new StringBuilder();
            do
            {
                s.Append((char)('A' + (value % 26)));
                value /= 26;
            }
            while (value > 0);
            return s.ToString();
        }
    }

    [Fact]
    public void Adversarial_long_tag_names_and_prefixes()
    {
        var longName = "<" + new string('A', 1_000_000);
        Assert.Equal(longName, Unlimited.Clean(longName));

        var prefixes = string.Concat(Enumerable.Repeat("data:image/", 100_000));
        Assert.Equal(prefixes, Unlimited.Clean(prefixes));

        var noPayload = string.Concat(Enumerable.Repeat("data:image/png;base64,\"", 50_000));
        Assert.Equal(noPayload, Unlimited.Clean(noPayload));

        var chained = string.Concat(Enumerable.Repeat("data:image/x;base64,", 50_000));
        Assert.Equal("[IMAGE_DATA]", Unlimited.Clean(chained));

        var semicolons = "data:image/" + new string(';', 1_000_000);
        Assert.Equal(semicolons, Unlimited.Clean(semicolons));
    }
}
