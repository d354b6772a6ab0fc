using KoJudge.Baselines;

namespace KoJudge.Tests.Baselines;

public sealed class BaselineTests
{
    [Theory]
    [InlineData("", 0.0)]
    [InlineData("   \n", 0.0)]
    [InlineData("안녕하세요", 1.0)]
    [InlineData("안녕 hi", 0.5)]
    [InlineData("Hello", 0.0)]
    [InlineData("ㅋㅋ 가", 1.0 / 3)]
    [InlineData("가😀", 0.5)]
    public void Hangul_share_counts_syllables_among_non_whitespace_characters(string answer, double expected)
    {
        Assert.Equal(expected, HangulShare.Of(answer), precision: 12);
    }

    [Fact]
    public void ChrF_of_identical_texts_is_100_and_of_disjoint_texts_0()
    {
        Assert.Equal(100, CharacterF.Score("미분하면 9x^2 + 4x", "미분하면 9x^2 + 4x"), precision: 9);
        Assert.Equal(0, CharacterF.Score("abc", "xyz"), precision: 12);
        Assert.Equal(0, CharacterF.Score("", "xyz"), precision: 12);
    }

    [Fact]
    public void ChrF_averages_precision_and_recall_over_the_orders_both_sides_have()
    {
        // Orders 1-3 exist on both sides: P = R = (2/3 + 1/2 + 0) / 3; with P = R, F2 = P.
        Assert.Equal(100 * (2.0 / 3 + 0.5) / 3, CharacterF.Score("abc", "abd"), precision: 9);
        // "ab" against "abcd": orders 1-2. P = (2/2 + 1/1) / 2 = 1; R = (2/4 + 1/3) / 2 = 5/12; F2 = 5PR / (4P + R).
        var p = 1.0;
        var r = 5.0 / 12;
        Assert.Equal(100 * 5 * p * r / (4 * p + r), CharacterF.Score("ab", "abcd"), precision: 9);
    }

    [Fact]
    public void ChrF_ignores_whitespace_and_counts_repeated_ngrams_once_per_match()
    {
        Assert.Equal(CharacterF.Score("ab c", "abc"), CharacterF.Score("abc", "a b\nc"), precision: 12);
        // "aa" against "a": order 1 only (the reference has no bigram). P = 1/2, R = 1/1; F2 = 5 * 0.5 / (2 + 1).
        Assert.Equal(100 * 5 * 0.5 / 3, CharacterF.Score("aa", "a"), precision: 9);
    }

    [Fact]
    public void The_baselines_are_found_by_name_and_chrF_needs_a_reference()
    {
        Assert.Equal(["hangul", "chrf", "hangul-chrf"], BaselineJudge.All.Select(b => b.Name));
        Assert.Null(BaselineJudge.Find("chrf")!.Score("답", null));
        Assert.Equal(1.0, BaselineJudge.Find("hangul")!.Score("답", null));
        Assert.Equal(50.0, BaselineJudge.Find("hangul-chrf")!.Score("답 a", "답 a")!.Value, precision: 9);
        Assert.Null(BaselineJudge.Find("gpt"));
    }
}
