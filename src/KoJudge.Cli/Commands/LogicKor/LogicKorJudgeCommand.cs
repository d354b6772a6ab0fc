using System.CommandLine;
using KoJudge.Cli.Help;
using KoJudge.Bank;
using KoJudge.Cli.Engines;
using KoJudge.Cli.Paths;
using KoJudge.Cli.Runs;
using KoJudge.Datasets;
using KoJudge.Judging;
using KoJudge.LogicKor;
using KoJudge.Runs;

namespace KoJudge.Cli.Commands.LogicKor;

/// <summary><c>kojudge logickor judge</c>: judges LogicKor answers with LogicKor's GPT-4 judge, the Prometheus judge or the judgment bank.</summary>
public static class LogicKorJudgeCommand
{
    private static readonly string DefaultReferenceAnswers = Path.Combine("openai", "gpt-4-1106-preview", "default.jsonl");

    private static readonly RunWording Wording = new("judged", "judged", "answers", "recorded with the reason, judge_score null, never 0");

    public static Command Create(CliConsole console)
    {
        var engine = new EngineOptions();
        var judgeKind = new Option<string>("--judge")
        {
            Description = "logickor (LogicKor v2's GPT-4 judge: 0-10, both turns), prometheus (the Korean Prometheus judge: 1-5, turn 1) "
                + "or bank (no engine: the gold judge's score estimated from the judged answers in --bank, 0-10, both turns).",
            Required = true,
        };
        judgeKind.AcceptOnlyFromAmong("logickor", "prometheus", "bank");
        var bank = new BankOptions();
        var input = new Option<string>("--input") { Description = "LogicKor answers: a file, a folder of <org>/<model>/<strategy>.jsonl, or a LogicKor folder's root (its evaluated/).", Required = true };
        var output = new Option<string>("--output") { Description = "Where the judged rows go: a file for a file, a folder (same layout) for a folder.", Required = true };
        var strategy = new Option<string>("--strategy") { Description = "With a folder, judge only this answer strategy.", DefaultValueFactory = _ => LogicKorResultSet.DefaultStrategy };
        var logickor = new LogicKorFolderOption(LogicKorTextParts.JudgePrompts, "the judge's prompts");
        var referenceAnswers = new Option<string?>("--reference-answers")
        {
            Description = $"prometheus: a reference model's answers, standing in where a question has no reference.",
        }.DefaultsTo($"{DefaultReferenceAnswers} under a folder --input");
        var multiTurn = new Option<bool>("--multi-turn") { Description = "prometheus: also judge turn 2, with turn 1 given as context." };
        var maxTokens = new Option<int>("--max-tokens") { Description = "The longest judge reply, in tokens.", DefaultValueFactory = _ => 1024 };
        var retries = new Option<int>("--retries") { Description = "How often a reply without a score is asked for again.", DefaultValueFactory = _ => 2 };
        var concurrency = new Option<int>("--concurrency") { Description = "Answers judged at once (HTTP engine).", DefaultValueFactory = _ => 4 };
        var retryFailed = new Option<bool>("--retry-failed") { Description = "On a rerun, run again the rows that failed (kept with their error); the others are kept." };
        var overwrite = new Option<bool>("--overwrite") { Description = "Start the outputs over. Without it, a rerun resumes: rows already there (same id and request hash) are kept and skipped." };
        var command = new Command(
            "judge",
            "Judge LogicKor answers. A reply without a score is recorded as failed with its reason (judge_score null, error set), never as 0.");
        foreach (var option in new Option[] { judgeKind, input, output, strategy, logickor.Option, referenceAnswers, multiTurn, maxTokens, retries, concurrency, overwrite, retryFailed, bank.Bank, bank.ExcludeModel })
        {
            command.Options.Add(option);
        }
        engine.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var inputPath = parse.GetValue(input)!;
            var outputPath = parse.GetValue(output)!;
            var folder = Directory.Exists(inputPath);
            IReadOnlyList<LogicKorResultSet> sets;
            try
            {
                // A LogicKor root is read as its judgments folder, and the output mirrors that folder.
                inputPath = folder ? LogicKorResultSet.JudgmentsFolder(inputPath) : inputPath;
                sets = LogicKorResultSet.Read(inputPath, folder ? parse.GetValue(strategy) : null);
            }
            catch (Exception e) when (e is InputFormatException or FileNotFoundException)
            {
                console.Error.WriteLine($"error: {e.Message}");
                return ExitCodes.BadInput;
            }
            string OutputFor(LogicKorResultSet set) => folder ? Path.Combine(outputPath, Path.GetRelativePath(inputPath, set.Path)) : outputPath;
            var check = new OutputPathCheck(console);
            if (!folder)
            {
                check.File("--output", outputPath);
            }
            else if (check.Folder("--output", outputPath).Passed)
            {
                // Each file too: a folder in the way of one, or a file in the way of its folder, is found now.
                foreach (var set in sets)
                {
                    check.File("--output", OutputFor(set));
                }
            }
            if (!check.Passed)
            {
                return ExitCodes.BadInput;
            }

            if (parse.GetValue(judgeKind) == "bank")
            {
                // The bank needs no engine, no --model nor --endpoint; its fitted model is kept in the cache folder unless --no-cache.
                if (bank.TryCreateLogicKor(parse, console, BankOptions.StoreOf(parse.GetValue(engine.NoCache), console)) is not { } bankJudge)
                {
                    return ExitCodes.BadInput;
                }
                console.Error.WriteLine($"judge: bank ({bankJudge.Description}); {sets.Sum(s => s.Records.Count)} answers in {sets.Count} files");
                var bankSettings = new LogicKorJudgeSettings("bank", $"bank:{bankJudge.Judge.Bank.Fingerprint}", 0, 0, true, "none");
                var bankRunner = new ResumableRunner<LogicKorWork, LogicKorRecord>(
                    new LogicKorJudgeJob(new LogicKorBankJudge(bankJudge.Judge), bankSettings),
                    new RunOptions { Overwrite = parse.GetValue(overwrite), RetryFailed = parse.GetValue(retryFailed), Concurrency = 1 });
                return await CommandRun.RunAsync(
                    console,
                    bankRunner,
                    () => sets.SelectMany(set => set.Records.Select(r => new LogicKorWork(r, OutputFor(set)))),
                    Wording,
                    outputPath,
                    cacheOn: true,
                    report => report.FailedInOutput == 0 ? ExitCodes.Success : ExitCodes.NoVerdict,
                    cancellationToken).ConfigureAwait(false);
            }

            // Everything cheap is checked before an engine is reached or a model loaded.
            LogicKorTexts? texts = null;
            // The reference answers the Prometheus judge reads; the GPT-4-style judge reads none.
            string? referencesPath = null;
            IReadOnlyList<LogicKorRecord>? references = null;
            if (parse.GetValue(judgeKind) == "logickor")
            {
                texts = logickor.TryLocate(parse, console);
                if (texts is null)
                {
                    return ExitCodes.BadInput;
                }
                try
                {
                    // Read now, though the judge reads them lazily: a missing or broken template is found before the engine.
                    _ = texts.JudgeSystemPrompt(LogicKorTurn.SingleTurn);
                    _ = texts.JudgeSystemPrompt(LogicKorTurn.MultiTurn);
                }
                catch (Exception e) when (e is InputFormatException or IOException or UnauthorizedAccessException)
                {
                    console.Error.WriteLine($"error: {e.Message}");
                    return ExitCodes.BadInput;
                }
            }
            else
            {
                referencesPath = parse.GetValue(referenceAnswers) ?? (folder && File.Exists(Path.Combine(inputPath, DefaultReferenceAnswers)) ? Path.Combine(inputPath, DefaultReferenceAnswers) : null);
                if (referencesPath is not null && InputPathCheck.FileProblem(referencesPath) is { } problem)
                {
                    console.Error.WriteLine($"error: --reference-answers {referencesPath}: {problem}.");
                    return ExitCodes.BadInput;
                }
                try
                {
                    references = referencesPath is null ? null : LogicKorReader.Read(referencesPath);
                }
                catch (InputFormatException e)
                {
                    console.Error.WriteLine($"error: {e.Message}");
                    return ExitCodes.BadInput;
                }
            }

            await using var judgeEngine = await engine.TryCreateAsync(parse, console, parse.GetValue(concurrency), cancellationToken).ConfigureAwait(false);
            if (judgeEngine is null)
            {
                return ExitCodes.BadInput;
            }
            ILogicKorJudge judge;
            if (texts is not null)
            {
                judge = new LogicKorGptJudge(judgeEngine.ChatClient, texts, parse.GetValue(retries), parse.GetValue(maxTokens));
            }
            else
            {
                if (referencesPath is null)
                {
                    console.Error.WriteLine("note: no --reference-answers: questions without a reference are judged with the no-reference prompt.");
                }
                var prometheus = new PrometheusJudge(judgeEngine.ChatClient, new JudgeOptions { MaxOutputTokens = parse.GetValue(maxTokens), Retries = parse.GetValue(retries) });
                judge = new LogicKorPrometheusJudge(prometheus, references, parse.GetValue(multiTurn));
            }

            console.Error.WriteLine($"engine: {judgeEngine.Description}; judge: {judge.Name}; {sets.Sum(s => s.Records.Count)} answers in {sets.Count} files");
            var settings = new LogicKorJudgeSettings(
                judge.Name, judgeEngine.Fingerprint, parse.GetValue(maxTokens), parse.GetValue(retries), parse.GetValue(multiTurn), LogicKorJudgeSettings.HashOfFile(referencesPath));
            var runner = new ResumableRunner<LogicKorWork, LogicKorRecord>(new LogicKorJudgeJob(judge, settings), new RunOptions
            {
                Overwrite = parse.GetValue(overwrite),
                RetryFailed = parse.GetValue(retryFailed),
                Concurrency = judgeEngine.Concurrency,
            });
            return await CommandRun.RunAsync(
                console,
                runner,
                () => sets.SelectMany(set => set.Records.Select(r => new LogicKorWork(r, OutputFor(set)))),
                Wording,
                outputPath,
                judgeEngine.Cache is not null,
                report => report.FailedInOutput == 0 ? ExitCodes.Success : ExitCodes.NoVerdict,
                cancellationToken).ConfigureAwait(false);
        });
        return command;
    }
}
