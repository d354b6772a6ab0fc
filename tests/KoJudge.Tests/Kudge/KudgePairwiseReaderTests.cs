using System.Globalization;
using CsvHelper;
using KoJudge.Datasets;
using KoJudge.Kudge;
using KoJudge.TestSupport;
using KoJudge.Verdicts;

namespace KoJudge.Tests.Kudge;

public sealed class KudgePairwiseReaderTests
{
    private static string Challenge => SharedData.PathOf("data", "kudge", "data", "kudge-challenge.csv");

    private static string FalseInfo => SharedData.PathOf("data", "kudge", "data", "k2-eval-pairwise-falseinfo.csv");

    /// <summary>The CSV's rows as dictionaries, read apart from the code under test.</summary>
    private static List<Dictionary<string, string>> Rows(string path)
    {
        using var reader = new StreamReader(path);
        using var csv = new CsvReader(reader, CultureInfo.InvariantCulture);
        return csv.GetRecords<dynamic>().Select(r => ((IDictionary<string, object>)r).ToDictionary(p => p.Key, p => (string)p.Value)).ToList();
    }

    [Fact]
    public void The_challenge_set_puts_the_chosen_answer_on_the_side_its_winner_names()
    {
        var rows = Rows(Challenge);

        var pairs = KudgePairwiseReader.Read(Challenge);

        Assert.Equal(746, pairs.Count);
        Assert.Equal(new Dictionary<string, int> { ["Korean-Easy"] = 282, ["English-Easy"] = 266, ["Korean-Hard"] = 99, ["English-Hard"] = 99 },
            pairs.GroupBy(p => p.Item.Category!).ToDictionary(g => g.Key, g => g.Count()));
        for (var i = 0; i < rows.Count; i++)
        {
            var (pair, row) = (pairs[i], rows[i]);
            Assert.Equal($"challenge-{i + 1}", pair.Item.Id);
            Assert.Equal(row["winner"], pair.Winner.ToString());
            Assert.Equal(row["chosen_response"], pair.Winner == PairwiseWinner.A ? pair.Item.ResponseA : pair.Item.ResponseB);
            Assert.Equal(row["rejected_response"], pair.Winner == PairwiseWinner.A ? pair.Item.ResponseB : pair.Item.ResponseA);
            Assert.Equal(row["instruction"], pair.Item.Instruction);
        }
    }

    [Fact]
    public void The_false_information_set_is_read_from_its_filled_prompt_with_the_false_fact_on_the_losing_side()
    {
        var rows = Rows(FalseInfo);

        var pairs = KudgePairwiseReader.Read(FalseInfo);

        Assert.Equal(54, pairs.Count);
        Assert.Equal(new Dictionary<string, int> { ["general"] = 7, ["sentence"] = 13, ["word"] = 34 }, pairs.GroupBy(p => p.Item.Category!).ToDictionary(g => g.Key, g => g.Count()));
        for (var i = 0; i < rows.Count; i++)
        {
            var (pair, row) = (pairs[i], rows[i]);
            Assert.Equal($"falseinfo-{i + 1}", pair.Item.Id);
            Assert.Equal(row["instruction"], pair.Item.Instruction);
            var loser = pair.Winner == PairwiseWinner.A ? pair.Item.ResponseB : pair.Item.ResponseA;
            Assert.Contains(row["response_with_false_info"].Trim(), loser, StringComparison.Ordinal);
            Assert.Contains(pair.Item.ResponseA, row["judge_query"], StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Another_CSV_or_a_winner_that_is_neither_side_is_refused_with_its_line_and_field()
    {
        var folder = Directory.CreateTempSubdirectory("kojudge-kudge-pairs-").FullName;
        var other = Path.Combine(folder, "other.csv");
        File.WriteAllText(other, "instruction,response\n질문,답\n");
        var badWinner = Path.Combine(folder, "bad.csv");
        File.WriteAllText(badWinner, "instruction,chosen_response,rejected_response,judge_query,winner,subset\n질문,좋다,나쁘다,,A,x\n질문,좋다,나쁘다,,C,x\n");

        var neither = Assert.Throws<InputFormatException>(() => KudgePairwiseReader.Read(other));
        var winner = Assert.Throws<InputFormatException>(() => KudgePairwiseReader.Read(badWinner));

        Assert.Contains("neither of KUDGE's pairwise sets", neither.Message, StringComparison.Ordinal);
        Assert.Equal($"{badWinner}:3: field 'winner': 'C' is neither A nor B", winner.Message);
    }
}
