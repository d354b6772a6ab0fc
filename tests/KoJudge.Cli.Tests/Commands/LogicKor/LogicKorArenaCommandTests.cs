using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using KoJudge.Cli.Tests.Support;
using KoJudge.LogicKor;
using KoJudge.TestSupport;

namespace KoJudge.Cli.Tests.Commands.LogicKor;

/// <summary>
/// <c>kojudge logickor arena</c> over a synthetic LogicKor folder: the baseline and three models whose answers carry
/// a made-up quality (a model's strength plus an offset that cycles over questions and turns, so every model wins
/// some pairs and loses others), against a scripted judge that always prefers the answer of higher quality and, where
/// the two are equal, follows the position (so that pair comes out a flipped tie).
/// </summary>
public sealed partial class LogicKorArenaCommandTests
{
    private const string Baseline = LogicKorArenaPairs.DefaultBaseline;
    private const int Questions = 7;

    // Known strengths: the ranking must put the models in this order, the baseline among them.
    private static readonly Dictionary<string, int> Strength = new(StringComparer.Ordinal)
    {
        [Baseline] = 5,
        ["org/weak"] = 3,
        ["org/middle"] = 6,
        ["other/strong"] = 7,
    };

    private static IEnumerable<string> Contenders => Strength.Keys.Where(m => m != Baseline);

    /// <summary>The baseline answers every question at its strength; the others at theirs plus an offset from -3 to 3.</summary>
    private static int Quality(string model, int question, int turn) =>
        model == Baseline ? Strength[model] : Strength[model] + ((2 * (question - 1) + turn - 1) % 7) - 3;

    private static string Answer(string model, int question, int turn) => $"{model}의 답변 {question}-{turn} 품질 {Quality(model, question, turn)}";

    private static string Folder(IEnumerable<string> models)
    {
        var sets = models.Select(m => new LogicKorResultSet(
            m, "default", "", Enumerable.Range(1, Questions).Select(q => SyntheticLogicKor.Record(q, Answer(m, q, 1), Answer(m, q, 2), null, null)).ToList()));
        return SyntheticLogicKor.WriteFolder(sets);
    }

    private static string Section(string prompt, string header, params string[] next)
    {
        var start = prompt.IndexOf(header, StringComparison.Ordinal);
        Assert.True(start >= 0, $"no {header} in the prompt");
        start += header.Length;
        var end = next.Select(n => prompt.IndexOf(n, start, StringComparison.Ordinal)).Where(i => i >= 0).DefaultIfEmpty(prompt.Length).Min();
        return prompt[start..end];
    }

    private static string ShownA(string prompt) => Section(prompt, "###응답 A:\n", "###응답 B:");

    private static string ShownB(string prompt) => Section(prompt, "###응답 B:\n", "###참고 답안:", "###평가 기준:");

    private static int QualityIn(string section) => int.Parse(QualityMark().Match(section).Groups[1].Value, CultureInfo.InvariantCulture);

    private static ScriptedReply.Text Judge(RecordedRequest request)
    {
        var prompt = request.LastMessage;
        var (a, b) = (QualityIn(ShownA(prompt)), QualityIn(ShownB(prompt)));
        var letter = a >= b ? "A" : "B";
        return new ScriptedReply.Text($"Feedback: 응답 {letter}가 더 낫습니다. [RESULT] {letter}");
    }

    private static string[] Args(ScriptedOpenAIServer server, string folder, string output, params string[] more) =>
        ["logickor", "arena", "--input", folder, "--output", output, "--endpoint", server.BaseAddress + "v1", "--model", "judge", "--bootstrap", "50", .. more];

    [Fact]
    public async Task Verdicts_that_give_no_ranking_keep_every_row_and_exit_3_not_as_bad_input()
    {
        var folder = Folder(Strength.Keys);
        var output = Path.Combine(folder, "arena.jsonl");
        var board = Path.Combine(folder, "board.json");
        // Every model beats the baseline on every pair, in both orders: their ratings have no finite maximum.
        await using var server = await ScriptedOpenAIServer.StartAsync((request, _) =>
        {
            var letter = ShownA(request.LastMessage).Contains(Baseline, StringComparison.Ordinal) ? "B" : "A";
            return new ScriptedReply.Text($"Feedback: 응답 {letter}가 더 낫습니다. [RESULT] {letter}");
        });

        var run = await CliRun.InvokeAsync(Args(server, folder, output, "--json", board));

        run.AssertExit(ExitCodes.NoVerdict);
        var rows = File.ReadAllLines(output).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(Contenders.Count() * Questions * 2, rows.Count);
        Assert.All(rows, r => Assert.Equal("B", r.GetProperty("verdict").GetString()));
        var refusal = Assert.Single(run.Error.Split('\n'), l => l.StartsWith("error: ", StringComparison.Ordinal));
        Assert.Contains(output, refusal, StringComparison.Ordinal);
        Assert.False(File.Exists(board));
    }

    [Fact]
    public async Task Every_model_meets_the_baseline_on_every_question_and_turn_in_both_orders_and_ranks_in_the_order_of_its_strength()
    {
        var folder = Folder(Strength.Keys);
        var output = Path.Combine(folder, "arena.jsonl");
        var board = Path.Combine(folder, "board.json");
        await using var server = await ScriptedOpenAIServer.StartAsync((request, _) => Judge(request));

        var run = await CliRun.InvokeAsync(Args(server, folder, output, "--json", board));

        run.AssertExit(ExitCodes.Success);
        var asked = server.Requests.Select(r => (A: ShownA(r.LastMessage).Trim(), B: ShownB(r.LastMessage).Trim())).ToHashSet();
        foreach (var model in Contenders)
        {
            for (var q = 1; q <= Questions; q++)
            {
                for (var t = 1; t <= 2; t++)
                {
                    Assert.Contains((Answer(Baseline, q, t), Answer(model, q, t)), asked);
                    Assert.Contains((Answer(model, q, t), Answer(Baseline, q, t)), asked);
                }
            }
        }
        Assert.Equal(Contenders.Count() * Questions * 2 * 2, server.Requests.Count);

        var rows = File.ReadAllLines(output).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        var expectedIds = Contenders.SelectMany(m => Enumerable.Range(1, Questions).SelectMany(q => new[] { $"{m}/{q}/1", $"{m}/{q}/2" }));
        Assert.Equal(expectedIds.Order(StringComparer.Ordinal), rows.Select(r => r.GetProperty("id").GetString()!).Order(StringComparer.Ordinal));
        foreach (var row in rows)
        {
            var id = row.GetProperty("id").GetString()!;
            var parts = id.Split('/');
            var (model, q, t) = ($"{parts[0]}/{parts[1]}", int.Parse(parts[2], CultureInfo.InvariantCulture), int.Parse(parts[3], CultureInfo.InvariantCulture));
            Assert.Equal((Baseline, model), (row.GetProperty("model_a").GetString(), row.GetProperty("model_b").GetString()));
            var (baseline, other) = (Quality(Baseline, q, t), Quality(model, q, t));
            Assert.Equal(baseline > other ? "A" : baseline < other ? "B" : "tie", row.GetProperty("verdict").GetString());
            Assert.Equal(baseline == other, row.GetProperty("flipped").GetBoolean());
            Assert.Equal(LogicKorCategories.All[(q - 1) % LogicKorCategories.All.Count], row.GetProperty("category").GetString());
        }

        using var leaderboard = JsonDocument.Parse(File.ReadAllText(board));
        Assert.Equal(Baseline, leaderboard.RootElement.GetProperty("anchor").GetString());
        Assert.Equal(
            Strength.OrderByDescending(s => s.Value).Select(s => s.Key),
            leaderboard.RootElement.GetProperty("models").EnumerateArray().Select(m => m.GetProperty("model").GetString()));
        Assert.Contains($"anchor: {Baseline} at 1000.", run.Out, StringComparison.Ordinal);
        Assert.All(run.Out.Split('\n'), line => Assert.True(line.Length <= 80, line));
        Assert.Contains("done: 42 pairs: 0 already in", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_turn_2_prompt_shows_the_first_question_and_each_sides_own_first_answer()
    {
        var folder = Folder(Strength.Keys);
        await using var server = await ScriptedOpenAIServer.StartAsync((request, _) => Judge(request));

        var run = await CliRun.InvokeAsync(Args(server, folder, Path.Combine(folder, "arena.jsonl")));

        run.AssertExit(ExitCodes.Success);
        var followUps = server.Requests.Select(r => r.LastMessage).Where(p => p.Contains("###첫 질문:", StringComparison.Ordinal)).ToList();
        Assert.Equal(server.Requests.Count / 2, followUps.Count);
        foreach (var prompt in followUps)
        {
            var (a, b) = (Author().Match(ShownA(prompt)), Author().Match(ShownB(prompt)));
            Assert.Equal("2", a.Groups["turn"].Value);
            var question = int.Parse(a.Groups["question"].Value, CultureInfo.InvariantCulture);
            Assert.Equal($"질문 {question}", Section(prompt, "###첫 질문:\n", "\n\n###"));
            Assert.Equal(Answer(a.Groups["model"].Value, question, 1), Section(prompt, "###A의 첫 답변:\n", "\n\n###"));
            Assert.Equal(Answer(b.Groups["model"].Value, question, 1), Section(prompt, "###B의 첫 답변:\n", "\n\n###"));
            Assert.Equal($"후속 질문 {question}", Section(prompt, "###지시문(후속 질문):\n", "\n\n###"));
        }
        // A first turn is shown alone.
        Assert.All(
            server.Requests.Select(r => r.LastMessage).Where(p => Author().Match(ShownA(p)).Groups["turn"].Value == "1"),
            p => Assert.DoesNotContain("첫 답변", p, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_rerun_resumes_every_pair_from_the_output_without_a_request_and_ranks_again()
    {
        var folder = Folder(Strength.Keys);
        var output = Path.Combine(folder, "arena.jsonl");
        await using var server = await ScriptedOpenAIServer.StartAsync((request, _) => Judge(request));
        var first = await CliRun.InvokeAsync(Args(server, folder, output));
        var asked = server.Requests.Count;
        var written = File.ReadAllText(output);

        var rerun = await CliRun.InvokeAsync(Args(server, folder, output));

        first.AssertExit(ExitCodes.Success);
        rerun.AssertExit(ExitCodes.Success);
        Assert.Equal(asked, server.Requests.Count);
        Assert.Equal(written, File.ReadAllText(output));
        Assert.Contains("done: 42 pairs: 42 already in", rerun.Error, StringComparison.Ordinal);
        Assert.Equal(first.Out, rerun.Out);
    }

    [Fact]
    public async Task A_missing_baseline_is_one_error_line_naming_what_was_expected_and_the_models_there()
    {
        var folder = Folder(Contenders);
        await using var server = await ScriptedOpenAIServer.StartAsync((request, _) => Judge(request));

        var run = await CliRun.InvokeAsync(Args(server, folder, Path.Combine(folder, "arena.jsonl")));

        run.AssertExit(ExitCodes.BadInput);
        var line = Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: ", line, StringComparison.Ordinal);
        Assert.Contains($"'{Baseline}'", line, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(folder, Baseline, "default.jsonl"), line, StringComparison.Ordinal);
        Assert.All(Contenders, m => Assert.Contains(m, line, StringComparison.Ordinal));
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task A_question_the_baseline_did_not_answer_exits_2_naming_the_file_and_field()
    {
        var folder = Folder(Strength.Keys);
        var baselineFile = Path.Combine(folder, Baseline, "default.jsonl");
        File.WriteAllLines(baselineFile, File.ReadAllLines(baselineFile).Take(Questions - 1));
        await using var server = await ScriptedOpenAIServer.StartAsync((request, _) => Judge(request));

        var run = await CliRun.InvokeAsync(Args(server, folder, Path.Combine(folder, "arena.jsonl")));

        run.AssertExit(ExitCodes.BadInput);
        Assert.Contains($"default.jsonl: field 'id': question {Questions} has no answer from the baseline '{Baseline}'", run.Error, StringComparison.Ordinal);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task The_baseline_may_come_from_a_file_of_its_own()
    {
        var folder = Folder(Strength.Keys);
        var elsewhere = Path.Combine(Directory.CreateTempSubdirectory("kojudge-arena-baseline-").FullName, "baseline.jsonl");
        File.Move(Path.Combine(folder, Baseline, "default.jsonl"), elsewhere);
        Directory.Delete(Path.Combine(folder, Baseline));
        var output = Path.Combine(folder, "arena.jsonl");
        await using var server = await ScriptedOpenAIServer.StartAsync((request, _) => Judge(request));

        var run = await CliRun.InvokeAsync(Args(server, folder, output, "--baseline", "base/line", "--baseline-answers", elsewhere));

        run.AssertExit(ExitCodes.Success);
        Assert.All(File.ReadAllLines(output), l => Assert.Equal("base/line", JsonDocument.Parse(l).RootElement.GetProperty("model_a").GetString()));
        Assert.Contains("anchor: base/line at 1000.", run.Out, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"품질 (\d+)")]
    private static partial Regex QualityMark();

    [GeneratedRegex(@"^(?<model>\S+)의 답변 (?<question>\d+)-(?<turn>\d)")]
    private static partial Regex Author();
}
