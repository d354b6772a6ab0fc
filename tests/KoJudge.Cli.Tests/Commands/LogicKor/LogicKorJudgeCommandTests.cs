using System.Text.Json;
using KoJudge.Cli.Tests.Support;
using KoJudge.TestSupport;

namespace KoJudge.Cli.Tests.Commands.LogicKor;

public sealed class LogicKorJudgeCommandTests
{
    private static string LogicKorDir => SharedData.PathOf("data", "logickor");

    /// <summary>Six of GPT-4o's answers, copied as a folder in LogicKor's layout.</summary>
    private static string AnswersFolder()
    {
        var root = Directory.CreateTempSubdirectory("kojudge-logickor-").FullName;
        var source = Path.Combine(LogicKorDir, "v2", "evaluated", "openai", "gpt-4o-2024-05-13", "default.jsonl");
        var target = Path.Combine(root, "answers", "openai", "gpt-4o-2024-05-13", "default.jsonl");
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        File.WriteAllLines(target, File.ReadAllLines(source).Take(6));
        return Path.Combine(root, "answers");
    }

    private static string SystemPrompt(string type) => File.ReadAllLines(Path.Combine(LogicKorDir, "judge_template_v2.jsonl"))
        .Select(l => JsonDocument.Parse(l.TrimStart('\uFEFF')).RootElement)
        .Single(r => r.GetProperty("type").GetString() == type).GetProperty("system_prompt").GetString()!;

    [Fact]
    public async Task The_LogicKor_judge_reads_scores_and_records_a_failure_never_a_0_for_a_reply_without_one()
    {
        // Replies by the question's first characters: one question never gets a score.
        var input = AnswersFolder();
        var rows = File.ReadAllLines(Directory.GetFiles(input, "*.jsonl", SearchOption.AllDirectories).Single()).Select(l => JsonDocument.Parse(l.TrimStart('\uFEFF')).RootElement).ToList();
        var silentQuestion = rows[2].GetProperty("questions")[0].GetString()!;
        await using var server = await ScriptedOpenAIServer.StartAsync((request, _) => request.LastMessage.Contains(silentQuestion, StringComparison.Ordinal)
            ? new ScriptedReply.Text("평가: 판단하기 어렵다.")
            : new ScriptedReply.Text(request.LastMessage.Contains("**Follow-up Question.**", StringComparison.Ordinal) ? "평가: 후속 답변이 좋다.\n점수: 6" : "**평가:** 좋다.\n**점수:** 8"));
        var output = Path.Combine(Path.GetDirectoryName(input)!, "judged");

        var run = await CliRun.InvokeAsync(
            ["logickor", "judge", "--judge", "logickor", "--input", input, "--output", output, "--logickor", LogicKorDir,
             "--endpoint", server.BaseAddress + "v1", "--model", "gpt-4-1106-preview", "--retries", "1"]);

        run.AssertExit(ExitCodes.NoVerdict);
        var judged = File.ReadAllLines(Path.Combine(output, "openai", "gpt-4o-2024-05-13", "default.jsonl")).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(6, judged.Count);
        foreach (var row in judged)
        {
            var single = row.GetProperty("query_single");
            var multi = row.GetProperty("query_multi");
            if (row.GetProperty("questions")[0].GetString() == silentQuestion)
            {
                Assert.Equal(JsonValueKind.Null, single.GetProperty("judge_score").ValueKind);
                Assert.Equal("no score after 2 attempts: no '점수: n' in the reply", single.GetProperty("error").GetString());
                Assert.Equal("no_verdict", single.GetProperty("error_kind").GetString());
                Assert.Equal(JsonValueKind.Null, multi.GetProperty("judge_score").ValueKind);
            }
            else
            {
                Assert.Equal(8.0, single.GetProperty("judge_score").GetDouble());
                Assert.Equal("좋다.", single.GetProperty("judge_message").GetString());
                Assert.Equal(6.0, multi.GetProperty("judge_score").GetDouble());
                Assert.False(single.TryGetProperty("error", out _));
            }
        }
        Assert.Contains("5 judged, 1 failed (1 no_verdict; recorded with the reason, judge_score null, never 0)", run.Error, StringComparison.Ordinal);

        // The requests: LogicKor's system prompts, temperature 0 first.
        var singles = server.Requests.Where(r => !r.LastMessage.Contains("**Follow-up Question.**", StringComparison.Ordinal)).ToList();
        Assert.All(singles, r => Assert.Equal(SystemPrompt("general-single"), r.FirstMessage));
        Assert.All(server.Requests.Except(singles), r => Assert.Equal(SystemPrompt("general-double"), r.FirstMessage));
        Assert.All(server.Requests.Where(r => !r.LastMessage.Contains(silentQuestion, StringComparison.Ordinal)), r => Assert.Equal(0, r.Body["temperature"]!.GetValue<double>()));

        // LogicKor's score command reads the judged file and leaves the failure out of the means.
        var (score, json) = await ScoreJson.InvokeAsync(["logickor", "score", output]);
        score.AssertExit(ExitCodes.Success);
        using var board = JsonDocument.Parse(Assert.Single(ScoreJson.Rows(json)));
        Assert.Equal(8.0, board.RootElement.GetProperty("overall").GetProperty("single").GetDouble());
        Assert.Equal(2, board.RootElement.GetProperty("overall").GetProperty("failed").GetInt32());
    }

    [Fact]
    public async Task The_Prometheus_judge_uses_the_reference_models_answer_where_a_question_has_no_reference()
    {
        var input = AnswersFolder();
        var references = Path.Combine(input, "openai", "gpt-4-1106-preview", "default.jsonl");
        Directory.CreateDirectory(Path.GetDirectoryName(references)!);
        File.Copy(Path.Combine(LogicKorDir, "v2", "evaluated", "openai", "gpt-4-1106-preview", "default.jsonl"), references);
        var gpt4 = File.ReadAllLines(references).Select(l => JsonDocument.Parse(l.TrimStart('\uFEFF')).RootElement).ToDictionary(r => r.GetProperty("id").GetInt32());
        await using var server = await ScriptedOpenAIServer.StartAsync((_, _) => new ScriptedReply.Text("Feedback: 좋은 답변이다. [RESULT] 4"));
        var output = Path.Combine(Path.GetDirectoryName(input)!, "judged");

        var run = await CliRun.InvokeAsync(
            ["logickor", "judge", "--judge", "prometheus", "--input", input, "--output", output, "--endpoint", server.BaseAddress + "v1", "--model", "ko-prometheus"]);

        run.AssertExit(ExitCodes.Success);
        var judged = File.ReadAllLines(Path.Combine(output, "openai", "gpt-4o-2024-05-13", "default.jsonl")).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(6, judged.Count);
        Assert.All(judged, row => Assert.Equal(4.0, row.GetProperty("query_single").GetProperty("judge_score").GetDouble()));
        foreach (var row in judged)
        {
            var question = row.GetProperty("questions")[0].GetString()!;
            var reference = row.GetProperty("references")[0] is { ValueKind: JsonValueKind.String } own ? own.GetString()! : gpt4[row.GetProperty("id").GetInt32()].GetProperty("outputs")[0].GetString()!;
            var answer = row.GetProperty("outputs")[0].GetString()!;
            var request = server.Requests.Single(r => r.LastMessage.Contains("###The instruction to evaluate:\n" + question + "\n\n###Response to evaluate:\n" + answer + "\n\n", StringComparison.Ordinal));
            Assert.Contains("###Reference Answer (Score 5):\n" + reference + "\n\n###Score Rubrics:", request.LastMessage, StringComparison.Ordinal);
        }
        // The reference model's own file was judged too: it lies in the same folder.
        Assert.True(File.Exists(Path.Combine(output, "openai", "gpt-4-1106-preview", "default.jsonl")));
    }

    [Fact]
    public async Task A_killed_run_resumes_keeping_its_rows_and_a_changed_setting_is_refused()
    {
        var input = AnswersFolder();
        await using var server = await ScriptedOpenAIServer.StartAsync((request, _) =>
            new ScriptedReply.Text(request.LastMessage.Contains("**Follow-up Question.**", StringComparison.Ordinal) ? "평가: 좋다.\n점수: 6" : "평가: 좋다.\n점수: 8"));
        var output = Path.Combine(Path.GetDirectoryName(input)!, "judged");
        var file = Path.Combine(output, "openai", "gpt-4o-2024-05-13", "default.jsonl");
        Task<CliRun> Judge(params string[] more) => CliRun.InvokeAsync(
            ["logickor", "judge", "--judge", "logickor", "--input", input, "--output", output, "--logickor", LogicKorDir,
             "--endpoint", server.BaseAddress + "v1", "--model", "gpt-4-1106-preview", .. more]);

        (await Judge()).AssertExit(ExitCodes.Success);
        var firstRows = File.ReadAllLines(file);
        // As if killed: three rows written, a fourth torn half way.
        File.WriteAllText(file, string.Join('\n', firstRows.Take(3)) + "\n" + firstRows[3][..40]);
        var before = server.Requests.Count;
        var resumed = await Judge();
        var afterResume = server.Requests.Count;
        var changed = await Judge("--max-tokens", "100");
        var overwritten = await Judge("--max-tokens", "100", "--overwrite");

        resumed.AssertExit(ExitCodes.Success);
        Assert.Contains("cut off a torn last line", resumed.Error, StringComparison.Ordinal);
        Assert.Contains("3 already in", resumed.Error, StringComparison.Ordinal);
        Assert.Equal(6, afterResume - before);
        changed.AssertExit(ExitCodes.BadInput);
        Assert.Contains("6 rows were made with other settings", changed.Error, StringComparison.Ordinal);
        Assert.Equal(afterResume, server.Requests.Count - 12);
        overwritten.AssertExit(ExitCodes.Success);
        var ids = File.ReadAllLines(file).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("id").GetInt32()).ToList();
        Assert.Equal(6, ids.Distinct().Count());
        Assert.Equal(6, ids.Count);
    }

    [Fact]
    public async Task Retry_failed_judges_again_only_the_rows_without_a_score()
    {
        var input = AnswersFolder();
        var silentQuestion = JsonDocument.Parse(File.ReadAllLines(Directory.GetFiles(input, "*.jsonl", SearchOption.AllDirectories).Single())[2].TrimStart('\uFEFF'))
            .RootElement.GetProperty("questions")[0].GetString()!;
        var silent = true;
        await using var server = await ScriptedOpenAIServer.StartAsync((request, _) => silent && request.LastMessage.Contains(silentQuestion, StringComparison.Ordinal)
            ? new ScriptedReply.Text("평가: 판단하기 어렵다.")
            : new ScriptedReply.Text("평가: 좋다.\n점수: 7"));
        var output = Path.Combine(Path.GetDirectoryName(input)!, "judged");
        var file = Path.Combine(output, "openai", "gpt-4o-2024-05-13", "default.jsonl");
        Task<CliRun> Judge(params string[] more) => CliRun.InvokeAsync(
            ["logickor", "judge", "--judge", "logickor", "--input", input, "--output", output, "--logickor", LogicKorDir,
             "--endpoint", server.BaseAddress + "v1", "--model", "gpt-4-1106-preview", "--retries", "0", .. more]);

        (await Judge()).AssertExit(ExitCodes.NoVerdict);
        var scoredRows = File.ReadAllLines(file).Where(l => !l.Contains(silentQuestion, StringComparison.Ordinal)).ToList();
        silent = false;
        var before = server.Requests.Count;
        var retried = await Judge("--retry-failed");

        retried.AssertExit(ExitCodes.Success);
        Assert.Contains("took 1 failed rows out of", retried.Error, StringComparison.Ordinal);
        Assert.Equal(2, server.Requests.Count - before);
        var rows = File.ReadAllLines(file);
        Assert.Equal(scoredRows, rows.Take(5));
        Assert.All(rows, l => Assert.Equal(7.0, JsonDocument.Parse(l).RootElement.GetProperty("query_single").GetProperty("judge_score").GetDouble()));
    }

    [Fact]
    public async Task The_LogicKor_judge_needs_the_LogicKor_folder()
    {
        var run = await CliRun.InvokeAsync(
            ["logickor", "judge", "--judge", "logickor", "--input", AnswersFolder(), "--output", Path.GetTempFileName() + ".d", "--endpoint", "http://127.0.0.1:9/v1", "--model", "m"]);

        run.AssertExit(ExitCodes.BadInput);
        Assert.Contains("--logickor DIR or $KOJUDGE_LOGICKOR_DIR", run.Error, StringComparison.Ordinal);
    }
}
