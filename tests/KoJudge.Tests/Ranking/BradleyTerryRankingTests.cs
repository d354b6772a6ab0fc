using KoJudge.Ranking;
using KoJudge.TestSupport;

namespace KoJudge.Tests.Ranking;

public sealed class BradleyTerryRankingTests
{
    private static readonly (string Model, double Elo, int Length)[] Known =
    [
        ("baseline", 1000, 800), ("gamma", 1150, 800), ("alpha", 850, 800), ("delta", 1300, 800), ("beta", 700, 800),
    ];

    private static Leaderboard Ranked(IReadOnlyList<Battle> battles, RankingOptions? options = null)
    {
        var outcome = BradleyTerryRanking.Rank(BattleSet.Of(battles), options);
        Assert.True(outcome.Problem is null, outcome.Problem?.Message);
        return outcome.Leaderboard!;
    }

    [Fact]
    public void Battles_drawn_from_known_strengths_give_back_their_order_and_the_maximum_likelihood_ratings()
    {
        var battles = SyntheticBattles.Draw(Known, perPair: 120, seed: 1);
        var oracle = GradientAscentBradleyTerry.Fit(battles, "alpha").Ratings;

        var board = Ranked(battles, new RankingOptions { Anchor = "alpha", Resamples = 200 });

        Assert.Equal(Known.OrderByDescending(k => k.Elo).Select(k => k.Model), board.Models.Select(m => m.Model));
        foreach (var model in board.Models)
        {
            Assert.Equal(oracle[model.Model], model.Rating, tolerance: 0.5);
            Assert.InRange(model.Rating, model.CiLow!.Value, model.CiHigh!.Value);
        }
        Assert.Equal(1000, board.Models.Single(m => m.Model == "alpha").Rating, tolerance: 1e-9);
    }

    [Fact]
    public void Two_models_with_ties_as_half_a_win_are_rated_by_their_score_share()
    {
        // 7 wins, 3 losses and 4 ties: A's share is (7 + 2) / 14, and the MLE of two models is the log-odds of that share.
        var battles = Enumerable.Repeat(new Battle("a", "b", 1), 7).Concat(Enumerable.Repeat(new Battle("b", "a", 1), 3)).Concat(Enumerable.Repeat(new Battle("a", "b", 0.5), 4)).ToList();
        var share = 9.0 / 14;

        var board = Ranked(battles, new RankingOptions { Anchor = "b", Resamples = 0 });

        Assert.Equal(1000 + 400 * Math.Log10(share / (1 - share)), board.Models.Single(m => m.Model == "a").Rating, precision: 9);
        Assert.Equal(share, board.Models.Single(m => m.Model == "a").WinRate!.Value, precision: 12);
        Assert.Null(board.Models.Single(m => m.Model == "b").WinRate);
        Assert.Null(board.Models[0].CiLow);
    }

    [Fact]
    public void The_default_anchor_is_the_model_in_every_battle_else_the_first_by_name_and_another_anchor_shifts_every_rating_alike()
    {
        var versusBaseline = SyntheticBattles.Draw(Known, perPair: 40, seed: 2).Where(x => x.ModelA == "baseline" || x.ModelB == "baseline").ToList();
        var everyPair = SyntheticBattles.Draw(Known, perPair: 40, seed: 2);

        var byBaseline = Ranked(versusBaseline, new RankingOptions { Resamples = 0 });
        var byName = Ranked(everyPair, new RankingOptions { Resamples = 0 });
        var byDelta = Ranked(everyPair, new RankingOptions { Anchor = "delta", Resamples = 0 });

        Assert.Equal("baseline", byBaseline.Anchor);
        Assert.Equal("alpha", byName.Anchor);
        var shift = byDelta.Models.Single(m => m.Model == "alpha").Rating - 1000;
        foreach (var model in byName.Models)
        {
            Assert.Equal(model.Rating + shift, byDelta.Models.Single(m => m.Model == model.Model).Rating, tolerance: 1e-6);
        }
    }

    [Fact]
    public void Length_control_finds_a_judge_that_favours_long_answers_and_rates_equal_models_equal()
    {
        // Equal strengths; "verbose" writes three times as long, and the judge gives 200 Elo points per unit of (a − b) / (a + b).
        (string, double, int)[] models = [("terse", 1000, 300), ("verbose", 1000, 900), ("plain", 1000, 500)];
        var battles = SyntheticBattles.Draw(models, perPair: 400, seed: 3, tieChance: 0, lengthBias: 200);
        var oracle = GradientAscentBradleyTerry.Fit(battles, "plain", withLength: true);

        var plain = Ranked(battles, new RankingOptions { Anchor = "plain", Resamples = 0 });
        var controlled = Ranked(battles, new RankingOptions { Anchor = "plain", Resamples = 100, LengthControl = true });

        Assert.Equal("verbose", plain.Models[0].Model);
        Assert.Equal(oracle.LengthWeight, controlled.LengthCoefficient!.Value, tolerance: 0.5);
        foreach (var model in controlled.Models)
        {
            Assert.Equal(oracle.Ratings[model.Model], model.Rating, tolerance: 0.5);
            Assert.InRange(model.Rating, model.CiLow!.Value, model.CiHigh!.Value);
            // The truth is 1000 for all three; 60 points is about three standard errors at 400 battles a pair.
            Assert.InRange(model.Rating, 940, 1060);
        }
        double Gap(Leaderboard board) => board.Models.Single(m => m.Model == "verbose").Rating - board.Models.Single(m => m.Model == "terse").Rating;
        Assert.True(Gap(plain) > 80 && Math.Abs(Gap(controlled)) < 40, $"verbose ahead of terse by {Gap(plain):0.0} without length control, {Gap(controlled):0.0} with it");
        Assert.InRange(controlled.LengthCoefficient!.Value, 150, 250);
    }

    [Fact]
    public void A_graph_in_pieces_is_refused_naming_each_piece()
    {
        Battle[] battles = [new("a", "b", 1), new("b", "a", 1), new("c", "d", 0.5), new("e", "d", 1), new("d", "e", 1)];

        var outcome = BradleyTerryRanking.Rank(BattleSet.Of(battles));

        Assert.Null(outcome.Leaderboard);
        Assert.Equal(RankingProblemKind.Disconnected, outcome.Problem!.Kind);
        Assert.Equal([["a", "b"], ["c", "d", "e"]], outcome.Problem.Groups);
        Assert.Contains("{a, b}; {c, d, e}", outcome.Problem.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1.0, "champion won every battle")]
    [InlineData(0.0, "champion lost every battle")]
    public void A_model_that_won_or_lost_every_battle_has_no_finite_rating_and_is_named(double championScore, string expected)
    {
        Battle[] battles = [new("a", "b", 1), new("b", "a", 1), new("champion", "a", championScore), new("b", "champion", 1 - championScore)];

        var outcome = BradleyTerryRanking.Rank(BattleSet.Of(battles));

        Assert.Equal(RankingProblemKind.NoFiniteMaximum, outcome.Problem!.Kind);
        Assert.Contains(expected + " against a, b", outcome.Problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Flip_rates_and_failed_rows_are_counted_per_model()
    {
        var battles = SyntheticBattles.Draw(Known[..3], perPair: 100, seed: 4, flipChance: 0.2);
        var failed = new Dictionary<string, int>(StringComparer.Ordinal) { ["gamma"] = 3, ["ghost"] = 2 };

        var outcome = BradleyTerryRanking.Rank(new BattleSet(battles, failed, 4), new RankingOptions { Resamples = 0 });

        var board = outcome.Leaderboard!;
        foreach (var model in board.Models)
        {
            var own = battles.Where(x => x.ModelA == model.Model || x.ModelB == model.Model).ToList();
            Assert.Equal(own.Count, model.Battles);
            Assert.Equal((double)own.Count(x => x.Flipped) / own.Count, model.FlipRate!.Value, precision: 12);
        }
        Assert.Equal(3, board.Models.Single(m => m.Model == "gamma").Failed);
        Assert.Equal(["ghost"], board.Unrated);
        Assert.Equal(4, board.Failed);
    }
}
