using System.Globalization;
using System.Text.Json;
using CsvHelper;
using KoJudge.Cli.Tests.Support;
using KoJudge.TestSupport;
using Spectre.Console;

namespace KoJudge.Cli.Tests.Commands;

public sealed class MetaPairwiseCommandTests
{
    private static string Challenge => SharedData.PathOf("data", "kudge", "data", "kudge-challenge.csv");

    /// <summary>
    /// A scripted pairwise judge: no verdict for every ninth pair, a flip (so a tie) for every fifth, else the longer
    /// answer, which the challenge set often has on the rejected side.
    /// </summary>
    private static Dictionary<string, object?> ScriptedRow(JsonElement pair, int index)
    {
        var (failed, flipped) = (index % 9 == 0, index % 9 != 0 && index % 5 == 0);
        var longer = pair.GetProperty("response_a").GetString()!.Length >= pair.GetProperty("response_b").GetString()!.Length ? "A" : "B";
        return new Dictionary<string, object?>
        {
            ["id"] = pair.GetProperty("id").GetString(),
            ["model_a"] = null,
            ["model_b"] = null,
            ["verdict"] = failed ? null : flipped ? "tie" : longer,
            ["flipped"] = flipped,
            ["error_kind"] = failed ? "no_verdict" : null,
        };
    }

    [Fact]
    public async Task Meta_pairwise_on_the_KUDGE_challenge_set_counts_failures_as_wrong_as_a_direct_count_does()
    {
        var folder = Directory.CreateTempSubdirectory("kojudge-meta-pairwise-").FullName;
        var (pairs, judged, json) = (Path.Combine(folder, "pairs.jsonl"), Path.Combine(folder, "compared.jsonl"), Path.Combine(folder, "meta.json"));

        var write = await CliRun.InvokeAsync(["gold-pairs", "--kudge", Challenge, "--output", pairs]);
        write.AssertExit(ExitCodes.Success);
        var rows = File.ReadAllLines(pairs).Select((line, i) => ScriptedRow(JsonDocument.Parse(line).RootElement, i + 1)).ToList();
        // The last two pairs are left unjudged: they must be counted and named, not dropped.
        File.WriteAllLines(judged, rows.SkipLast(2).Select(r => JsonSerializer.Serialize(r)));
        var meta = await CliRun.InvokeAsync(["meta", "--pairwise", "--kudge", Challenge, "--judged", judged, "--json", json]);

        meta.AssertExit(ExitCodes.Success);
        // The oracle: KUDGE's CSV read here, row k's winner and subset against the scripted verdict of challenge-k.
        using var reader = new StreamReader(Challenge);
        using var csv = new CsvReader(reader, CultureInfo.InvariantCulture);
        var gold = csv.GetRecords<dynamic>().Select(r => (IDictionary<string, object>)r).Select(r => (Winner: (string)r["winner"], Subset: (string)r["subset"])).ToList();
        var verdicts = rows.SkipLast(2).ToDictionary(r => (string)r["id"]!, r => (Verdict: (string?)r["verdict"], Flipped: (bool)r["flipped"]!));
        using var report = JsonDocument.Parse(await File.ReadAllTextAsync(json, TestContext.Current.CancellationToken));
        foreach (var subset in gold.Select(g => g.Subset).Distinct().Append("overall"))
        {
            var group = gold.Select((g, i) => (g.Winner, g.Subset, Id: $"challenge-{i + 1}"))
                .Where(g => subset == "overall" || g.Subset == subset)
                .Where(g => verdicts.ContainsKey(g.Id)).Select(g => (g.Winner, verdicts[g.Id].Verdict, verdicts[g.Id].Flipped)).ToList();
            var correct = group.Count(g => g.Verdict == g.Winner);
            var ties = group.Count(g => g.Verdict == "tie");
            var failed = group.Count(g => g.Verdict is null);
            var figures = subset == "overall" ? report.RootElement.GetProperty("overall") : report.RootElement.GetProperty("categories").GetProperty(subset);
            Assert.Equal(group.Count, figures.GetProperty("judged").GetInt32());
            Assert.True(failed > 0, $"{subset}: the script fails some pairs");
            Assert.Equal((double)correct / group.Count, figures.GetProperty("accuracy").GetProperty("rate").GetDouble(), 1e-12);
            Assert.Equal((double)failed / group.Count, figures.GetProperty("failure_rate").GetProperty("rate").GetDouble(), 1e-12);
            Assert.Equal((correct + ties / 2.0) / group.Count, figures.GetProperty("accuracy_ties_half").GetDouble(), 1e-12);
            Assert.Equal((double)group.Count(g => g.Flipped) / (group.Count - failed), figures.GetProperty("flip_rate").GetProperty("rate").GetDouble(), 1e-12);
            var accuracy = figures.GetProperty("accuracy");
            Assert.InRange(accuracy.GetProperty("rate").GetDouble(), accuracy.GetProperty("ci_low").GetDouble(), accuracy.GetProperty("ci_high").GetDouble());
        }
        var overall = report.RootElement.GetProperty("overall");
        Assert.Equal(746, overall.GetProperty("pairs").GetInt32());
        Assert.Equal(["challenge-745", "challenge-746"], report.RootElement.GetProperty("missing").EnumerateArray().Select(e => e.GetString()));
        // The notes are wrapped at 80 columns, at spaces.
        var notes = meta.Out.ReplaceLineEndings(" ");
        Assert.Contains("no judged row for 2 of 746 gold pairs", notes, StringComparison.Ordinal);
        Assert.Contains("challenge-745, challenge-746", notes, StringComparison.Ordinal);
        Assert.Matches(@"\noverall +744 +" + overall.GetProperty("accuracy").GetProperty("rate").GetDouble().ToString("0.000", CultureInfo.InvariantCulture), meta.Out);
        var wide = meta.Out.Split('\n').Where(l => l.TrimEnd('\r').GetCellWidth() > 80).ToList();
        Assert.True(wide.Count == 0, "lines over 80 columns:\n" + string.Join("\n", wide));
    }

    [Fact]
    public async Task LogicKor_gold_pairs_are_scored_against_GPT_4s_scores_read_from_the_files()
    {
        var sets = SyntheticLogicKor.Sets(models: 8, questions: 6, strategies: ["default"]);
        var logicKor = SyntheticLogicKor.WriteFolder(sets);
        var folder = Directory.CreateTempSubdirectory("kojudge-meta-pairwise-lk-").FullName;
        var (pairs, judged, json) = (Path.Combine(folder, "pairs.jsonl"), Path.Combine(folder, "compared.jsonl"), Path.Combine(folder, "meta.json"));
        var score = sets.SelectMany(s => s.Records.Select(r => (s.Model, r.Outputs![0], r.SingleTurn!.Score!.Value))).ToDictionary(x => (x.Model, x.Item2), x => x.Value);

        var write = await CliRun.InvokeAsync(["gold-pairs", "--gold", logicKor, "--pairs-per-question", "3", "--output", pairs]);
        write.AssertExit(ExitCodes.Success);
        var lines = File.ReadAllLines(pairs).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        // A judge that knows GPT-4's scores (found here by model and answer) and fails the first pair.
        File.WriteAllLines(judged, lines.Select((p, i) => JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["id"] = p.GetProperty("id").GetString(),
            ["verdict"] = i == 0 ? null : score[(p.GetProperty("model_a").GetString()!, p.GetProperty("response_a").GetString()!)]
                > score[(p.GetProperty("model_b").GetString()!, p.GetProperty("response_b").GetString()!)] ? "A" : "B",
        })));
        var meta = await CliRun.InvokeAsync(["meta", "--pairwise", "--gold", logicKor, "--pairs-per-question", "3", "--judged", judged, "--json", json]);
        var otherSample = await CliRun.InvokeAsync(["meta", "--pairwise", "--gold", logicKor, "--judged", judged]);

        meta.AssertExit(ExitCodes.Success);
        Assert.InRange(lines.Count, 6, 18);
        using var report = JsonDocument.Parse(await File.ReadAllTextAsync(json, TestContext.Current.CancellationToken));
        var accuracy = report.RootElement.GetProperty("overall").GetProperty("accuracy");
        Assert.Equal((lines.Count - 1, lines.Count), (accuracy.GetProperty("count").GetInt32(), accuracy.GetProperty("of").GetInt32()));
        // With 5 pairs a question (the default) the sample holds pairs the file lacks: the missing are counted, not refused.
        otherSample.AssertExit(ExitCodes.Success);
        Assert.Contains("no judged row for", otherSample.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_judged_rows_and_flags_that_do_not_apply_exit_2_on_one_line()
    {
        var folder = Directory.CreateTempSubdirectory("kojudge-meta-pairwise-bad-").FullName;
        var csv = Path.Combine(folder, "challenge.csv");
        File.WriteAllText(csv, "instruction,chosen_response,rejected_response,judge_query,winner,subset\n질문,좋다,나쁘다,,A,x\n질문,좋다,나쁘다,,B,x\n");
        var badVerdict = Path.Combine(folder, "bad-verdict.jsonl");
        File.WriteAllLines(badVerdict, ["{\"id\": \"challenge-1\", \"verdict\": \"A\"}", "{\"id\": \"challenge-2\", \"verdict\": \"b\"}"]);
        var stranger = Path.Combine(folder, "stranger.jsonl");
        File.WriteAllLines(stranger, ["{\"id\": \"challenge-1\", \"verdict\": \"A\"}", "{\"id\": \"falseinfo-1\", \"verdict\": \"A\"}"]);
        var noVerdict = Path.Combine(folder, "no-verdict.jsonl");
        File.WriteAllLines(noVerdict, ["{\"id\": \"challenge-1\"}"]);

        var verdict = await CliRun.InvokeAsync(["meta", "--pairwise", "--kudge", csv, "--judged", badVerdict]);
        var unknown = await CliRun.InvokeAsync(["meta", "--pairwise", "--kudge", csv, "--judged", stranger]);
        var missing = await CliRun.InvokeAsync(["meta", "--pairwise", "--kudge", csv, "--judged", noVerdict]);
        var withoutPairwise = await CliRun.InvokeAsync(["meta", "--kudge", csv, "--judged", stranger]);
        var report = await CliRun.InvokeAsync(["meta", "--pairwise", "--kudge", csv, "--judged", stranger, "--report", Path.Combine(folder, "r.html")]);
        var both = await CliRun.InvokeAsync(["gold-pairs", "--kudge", csv, "--gold", folder, "--output", Path.Combine(folder, "p.jsonl")]);

        foreach (var run in new[] { verdict, unknown, missing, withoutPairwise, report, both })
        {
            run.AssertExit(ExitCodes.BadInput);
            Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        }
        Assert.Contains($"{badVerdict}:2: field 'verdict': 'b' is none of", verdict.Error, StringComparison.Ordinal);
        Assert.Contains($"{stranger}:2: field 'id': 'falseinfo-1' is no pair of {csv}", unknown.Error, StringComparison.Ordinal);
        Assert.Contains($"{noVerdict}:1: field 'verdict': missing", missing.Error, StringComparison.Ordinal);
        Assert.Contains("needs --pairwise", withoutPairwise.Error, StringComparison.Ordinal);
        Assert.Contains("--report does not apply to --pairwise", report.Error, StringComparison.Ordinal);
        Assert.Contains("give either --kudge", both.Error, StringComparison.Ordinal);
    }
}
