using KoJudge.Judging;
using KoJudge.LogicKor;
using KoJudge.Runs;
using KoJudge.TestSupport;

namespace KoJudge.Tests.LogicKor;

public sealed class LogicKorJobTests
{
    private static LogicKorRecord Question(int id) => new()
    {
        Id = id,
        Category = "수학(Math)",
        Questions = [$"질문 {id}", $"후속 {id}"],
        References = [null, null],
    };

    private static string NewOutput() => Path.Combine(Directory.CreateTempSubdirectory("kojudge-logickor-job-").FullName, "answers.jsonl");

    [Fact]
    public async Task Generating_through_the_runner_writes_answers_and_failures_with_their_kind_and_resumes()
    {
        var output = NewOutput();
        // Question 2 never gets an answer; question 3's prompt is refused as too long, which is not asked again.
        var client = new ScriptedChatClient((_, prompt) => prompt switch
        {
            "질문 2" => throw new HttpRequestException("reset"),
            "질문 3" => throw new EngineRefusalException(ErrorKind.PromptTooLong, "too long"),
            _ => ScriptedChatClient.Reply($"  답: {prompt}  "),
        });
        var settings = new LogicKorGenerateSettings("engine-a", 256, [("system", "한국어로 답하라.")]);
        var job = new LogicKorGenerateJob(new LogicKorAnswerGenerator(client, settings.Strategy, 256, retries: 1), settings);
        var inputs = Enumerable.Range(1, 4).Select(i => new LogicKorWork(Question(i), output)).ToList();
        var runner = new ResumableRunner<LogicKorWork, LogicKorRecord>(job, new RunOptions { Concurrency = 2 });

        var report = await runner.RunAsync(inputs, runner.Plan(inputs), cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(new Dictionary<ErrorKind, int> { [ErrorKind.EngineError] = 1, [ErrorKind.PromptTooLong] = 1 }, report.FailedByKind);
        var rows = LogicKorReader.Read(output, requireOutputs: false).ToDictionary(r => r.Id);
        Assert.Equal(["답: 질문 1", "답: 후속 1"], rows[1].Outputs!);
        Assert.Equal((ErrorKind.EngineError, "turn 1: engine error after 2 attempts: reset"), (rows[2].ErrorKind, rows[2].Error));
        Assert.Equal((ErrorKind.PromptTooLong, "turn 1: engine error after 1 attempt: too long"), (rows[3].ErrorKind, rows[3].Error));
        Assert.All(inputs, i => Assert.Equal(job.RequestHashOf(i), rows[i.Record.Id].RequestHash));

        var again = runner.Plan(inputs);
        Assert.Equal((4, 2, 0), (again.AlreadyDone, again.AlreadyFailed, again.ToDo));
    }

    [Fact]
    public void The_settings_hash_the_text_earlier_versions_hashed_so_their_outputs_resume()
    {
        var generate = new LogicKorGenerateSettings("llama.cpp|m.gguf:10|constrain=False", 4096, [("system", "a\"b")]);
        var judge = new LogicKorJudgeSettings("prometheus", "openai-compatible|tiny", 1024, 2, MultiTurn: true, "none");

        Assert.Equal("generate|engine=llama.cpp|m.gguf:10|constrain=False|max_tokens=4096|strategy=[[\"system\",\"a\\u0022b\"]]", generate.HashText);
        Assert.Equal("judge=prometheus|engine=openai-compatible|tiny|max_tokens=1024|retries=2|multi_turn=True|references=none", judge.HashText);
    }

    [Fact]
    public void A_judged_row_fails_with_the_kind_of_its_first_failed_turn()
    {
        var job = new LogicKorJudgeJob(new FixedJudge(), new LogicKorJudgeSettings("fixed", "e", 1, 0, false, "none"));
        var answered = Question(1) with { Outputs = ["a", "b"] };

        Assert.True(job.OutcomeOf(answered with { SingleTurn = new("m", 7), MultiTurn = new("m", 8) }).Succeeded);
        Assert.Equal(RowOutcome.Failure(ErrorKind.Unjudgeable),
            job.OutcomeOf(answered with { SingleTurn = new("m", 7), MultiTurn = LogicKorTurnJudgment.Failed(ErrorKind.Unjudgeable, "no second turn") }));
        Assert.Equal(RowOutcome.Failure(ErrorKind.EngineError),
            job.OutcomeOf(answered with { SingleTurn = LogicKorTurnJudgment.Failed(ErrorKind.EngineError, "reset"), MultiTurn = LogicKorTurnJudgment.Failed(ErrorKind.NoVerdict, "x") }));
        Assert.Equal(RowOutcome.Failure(ErrorKind.NoVerdict), job.OutcomeOf(answered));
    }

    private sealed class FixedJudge : ILogicKorJudge
    {
        public string Name => "fixed";

        public ValueTask<LogicKorRecord> JudgeAsync(LogicKorRecord answers, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(answers with { SingleTurn = new LogicKorTurnJudgment("m", 5) });
    }
}
