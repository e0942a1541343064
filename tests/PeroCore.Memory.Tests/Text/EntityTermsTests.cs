using PeroCore.Memory.Text;

namespace PeroCore.Memory.Tests.Text;

public class EntityTermsTests
{
    [Fact]
    public void Names_are_capitalised_words_that_are_not_function_words()
    {
        Assert.Equal(["Caroline", "LGBTQ", "Paris"], EntityTerms.Extract("When did Caroline go to the LGBTQ support group in Paris? What did she say?"));
        Assert.Equal(["O'Brien", "Zoë"], EntityTerms.Extract("I met O'Brien and Zoë, and I liked them."));
        Assert.Empty(EntityTerms.Extract("主人喜欢猫"));
        Assert.Empty(EntityTerms.Extract("what did she say?"));
    }

    [Fact]
    public void Overlap_is_the_share_of_names_a_text_mentions_as_whole_words()
    {
        IReadOnlyList<string> names = ["Caroline", "Paris"];

        Assert.Equal(1.0, EntityTerms.Overlap(names, "Caroline: I loved Paris."));
        Assert.Equal(0.5, EntityTerms.Overlap(names, "Caroline: I loved Parisian cafes."));
        Assert.Equal(0.0, EntityTerms.Overlap(names, "caroline loved paris"));
        Assert.Equal(0.0, EntityTerms.Overlap([], "Caroline"));
    }
}
