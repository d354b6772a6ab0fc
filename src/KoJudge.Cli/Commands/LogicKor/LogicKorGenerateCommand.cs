using System.CommandLine;
using KoJudge.Cli.Engines;
using KoJudge.Cli.Paths;
using KoJudge.Cli.Runs;
using KoJudge.Datasets;
using KoJudge.LogicKor;
using KoJudge.Runs;

namespace KoJudge.Cli.Commands.LogicKor;

/// <summary><c>kojudge logickor generate</c>: answers LogicKor's questions with a model, as LogicKor's generator does.</summary>
public static class LogicKorGenerateCommand
{
    private static readonly RunWording Wording = new("answered", "answered", "questions", "kept with their error");

    public static Command Create(CliConsole console)
    {
        var engine = new EngineOptions();
        var logickor = new LogicKorFolderOption(LogicKorTextParts.Questions | LogicKorTextParts.Strategies, "the questions and the answer strategies");
        var strategy = new Option<string>("--strategy") { Description = "default, 1-shot or cot-1-shot: the messages placed before each question.", DefaultValueFactory = _ => LogicKorResultSet.DefaultStrategy };
        var output = new Option<FileInfo>("--output") { Description = "Where the answers go, in LogicKor's format (id, category, questions, outputs, references).", Required = true };
        var maxTokens = new Option<int>("--max-tokens") { Description = "The longest answer, in tokens (LogicKor uses the model length, 4096 by default).", DefaultValueFactory = _ => 4096 };
        var concurrency = new Option<int>("--concurrency") { Description = "Questions answered at once (HTTP engine).", DefaultValueFactory = _ => 4 };
        var limit = new Option<int?>("--limit") { Description = "Answer only the first N questions (by id), for a quick check." };
        var retryFailed = new Option<bool>("--retry-failed") { Description = "On a rerun, run again the rows that failed (kept with their error); the others are kept." };
        var overwrite = new Option<bool>("--overwrite") { Description = "Start --output over. Without it, a rerun resumes: rows already there (same id and request hash) are kept and skipped." };
        var command = new Command(
            "generate",
            "Answer LogicKor's questions in two turns (turn 2 sees the turn-1 exchange), greedy, with the chosen strategy's messages first.");
        foreach (var option in new Option[] { logickor.Option, strategy, output, maxTokens, concurrency, limit, overwrite, retryFailed })
        {
            command.Options.Add(option);
        }
        engine.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (logickor.TryLocate(parse, console) is not { } texts)
            {
                return ExitCodes.BadInput;
            }
            var outputFile = parse.GetValue(output)!;
            if (!new OutputPathCheck(console).File("--output", outputFile.FullName).Passed)
            {
                return ExitCodes.BadInput;
            }
            List<LogicKorRecord> questions;
            IReadOnlyList<(string Role, string Content)> messages;
            try
            {
                questions = LogicKorReader.Read(texts.QuestionsPath, requireOutputs: false).OrderBy(q => q.Id).Take(parse.GetValue(limit) ?? int.MaxValue).ToList();
                messages = texts.Strategy(parse.GetValue(strategy)!);
            }
            catch (Exception e) when (e is InputFormatException or IOException or UnauthorizedAccessException)
            {
                console.Error.WriteLine($"error: {e.Message}");
                return ExitCodes.BadInput;
            }
            await using var judgeEngine = await engine.TryCreateAsync(parse, console, parse.GetValue(concurrency), cancellationToken).ConfigureAwait(false);
            if (judgeEngine is null)
            {
                return ExitCodes.BadInput;
            }
            var generator = new LogicKorAnswerGenerator(judgeEngine.ChatClient, messages, parse.GetValue(maxTokens));
            console.Error.WriteLine($"engine: {judgeEngine.Description}; answering {questions.Count} questions with the '{parse.GetValue(strategy)}' strategy");
            var job = new LogicKorGenerateJob(generator, new LogicKorGenerateSettings(judgeEngine.Fingerprint, parse.GetValue(maxTokens), messages));
            var runner = new ResumableRunner<LogicKorWork, LogicKorRecord>(job, new RunOptions
            {
                Overwrite = parse.GetValue(overwrite),
                RetryFailed = parse.GetValue(retryFailed),
                Concurrency = judgeEngine.Concurrency,
            });
            return await CommandRun.RunAsync(
                console,
                runner,
                () => questions.Select(q => new LogicKorWork(q, outputFile.FullName)),
                Wording,
                outputFile.FullName,
                judgeEngine.Cache is not null,
                report => report.FailedInOutput == 0 ? ExitCodes.Success : ExitCodes.NoVerdict,
                cancellationToken).ConfigureAwait(false);
        });
        return command;
    }
}
