using System.CommandLine;
using KoJudge.Cli.Help;
using KoJudge.Cli.Engines;
using KoJudge.Cli.Paths;
using KoJudge.Cli.Runs;
using KoJudge.Datasets;
using KoJudge.LogicKor;
using KoJudge.Pairwise;
using KoJudge.Prompts;
using KoJudge.Runs;

namespace KoJudge.Cli.Commands.LogicKor;

/// <summary>
/// <c>kojudge logickor arena</c>: every model's LogicKor answers against a baseline model's, per question and turn, in
/// both orders, on the resumable runner of <c>compare</c>; then the models ranked as <c>rank</c> ranks them.
/// </summary>
public static class LogicKorArenaCommand
{
    public static Command Create(CliConsole console)
    {
        // Engine and run flags are compare's, so an arena run is a compare run over pairs made from a folder.
        var engine = new EngineOptions(logprobsByDefault: false);
        var run = new FileRunOptions("Where to write the verdicts: one JSONL row per model, question and turn, as `kojudge compare` writes them.", "pairs");
        run.Output.Required = true;
        var input = new Option<string>("--input") { Description = "LogicKor answers: a folder of <org>/<model>/<strategy>.jsonl.", Required = true };
        var strategy = new Option<string>("--strategy") { Description = "The answer strategy to compare, the baseline's too.", DefaultValueFactory = _ => LogicKorResultSet.DefaultStrategy };
        var baseline = new Option<string>("--baseline")
        {
            Description = "The model every other is compared with (side A of every pair, the ranking's anchor), as <org>/<model> under --input.",
            DefaultValueFactory = _ => LogicKorArenaPairs.DefaultBaseline,
        };
        var baselineAnswers = new Option<FileInfo?>("--baseline-answers") { Description = "The baseline's answers from this LogicKor file instead of from --input." }.DefaultsTo("<input>/<baseline>/<strategy>.jsonl");
        var format = VerdictFormatOption.Create();
        var ranking = new RankingFlags();
        var command = new Command(
            "arena",
            "Compare every model's LogicKor answers with a baseline model's, per question and turn, in both orders, with the category's built-in rubric "
            + "(turn 2 shown after each side's own turn 1), then rank the models with the baseline at 1000. Resumes as compare does. "
            + "Exits 0 when every pair has a verdict, 3 when some have none, 2 on bad input.");
        foreach (var option in new Option[] { input, strategy, baseline, baselineAnswers, format })
        {
            command.Options.Add(option);
        }
        run.AddTo(command);
        ranking.AddTo(command);
        engine.AddTo(command);

        command.SetAction(async (parse, cancellationToken) =>
        {
            if (!run.NumbersAreValid(parse, console) || !ranking.AreValid(parse, console))
            {
                return ExitCodes.BadInput;
            }
            var output = parse.GetValue(run.Output)!.FullName;
            if (!run.ShardAndOutputAreValid(parse, console, output))
            {
                return ExitCodes.BadInput;
            }
            var baselineName = parse.GetValue(baseline)!;
            var pairs = TryReadPairs(parse.GetValue(input)!, parse.GetValue(strategy)!, baselineName, parse.GetValue(baselineAnswers), console);
            if (pairs is null || !run.OutputIsOfThisKind(parse, console, output, PairwiseJob.ReadRow))
            {
                return ExitCodes.BadInput;
            }

            await using var judgeEngine = await engine.TryCreateAsync(parse, console, parse.GetValue(run.Concurrency), cancellationToken).ConfigureAwait(false);
            if (judgeEngine is null)
            {
                return ExitCodes.BadInput;
            }
            var prompt = PairwisePrompt.BuiltIn(VerdictFormatOption.Read(parse, format));
            console.Error.WriteLine($"engine: {judgeEngine.Description}");
            console.Error.WriteLine($"arena: {pairs.Select(p => p.ModelB).Distinct().Count()} models against {baselineName}, {pairs.Count} pairs; prompt: {prompt.Name}, verdicts read as {parse.GetValue(format)}");
            var judge = new PairwiseJudge(judgeEngine.ChatClient, prompt, run.JudgeOptions(parse));
            var runner = new ResumableRunner<PairwiseItem, PairwiseResult>(new PairwiseJob(judge, judgeEngine.Fingerprint, output), run.RunOptions(parse, judgeEngine.Concurrency));
            var exit = await CommandRun.RunAsync(
                console,
                runner,
                () => pairs,
                CompareCommand.Wording,
                output,
                judgeEngine.Cache is not null,
                report => report.FailedInOutput == 0 ? ExitCodes.Success : ExitCodes.NoVerdict,
                cancellationToken).ConfigureAwait(false);
            if (exit is not (ExitCodes.Success or ExitCodes.NoVerdict))
            {
                return exit;
            }
            var ids = pairs.Select(p => p.Id).ToList();
            console.Error.WriteLine(CompareCommand.FlipLine(output, ids, runner.Options.Shard));
            // Only this run's pairs are ranked: an output may also hold rows of models no longer in the folder.
            // Every row here was judged by this run, so battles that give no ranking (a model that won every pair) are not
            // bad input: the rows stand, and the leaderboard is the one result missing.
            var ranked = ranking.Rank(parse, console, output, baselineName, ids.Where(runner.Options.Shard.Contains).ToHashSet(StringComparer.Ordinal), refusedExit: ExitCodes.NoVerdict);
            // Pairs without a verdict say more than a ranking that could not be made of the rest: a rerun may mend them.
            return exit == ExitCodes.NoVerdict ? exit : ranked;
        });
        return command;
    }

    /// <summary>The pairs of every model in the folder against the baseline, or null with one line on stderr saying what is wrong.</summary>
    private static IReadOnlyList<PairwiseItem>? TryReadPairs(string folder, string strategy, string baselineName, FileInfo? baselineFile, CliConsole console)
    {
        if (!Directory.Exists(folder))
        {
            console.Error.WriteLine($"error: --input {folder}: {(File.Exists(folder) ? "is a file" : "no such folder")}; give a folder of LogicKor answers, <org>/<model>/<strategy>.jsonl.");
            return null;
        }
        if (baselineFile is not null && InputPathCheck.FileProblem(baselineFile.FullName) is { } problem)
        {
            console.Error.WriteLine($"error: --baseline-answers {baselineFile.FullName}: {problem}.");
            return null;
        }
        try
        {
            var sets = LogicKorResultSet.Read(folder, strategy);
            var against = baselineFile is not null
                ? new LogicKorResultSet(baselineName, strategy, baselineFile.FullName, LogicKorReader.Read(baselineFile.FullName))
                : sets.FirstOrDefault(s => s.Model == baselineName);
            var models = sets.Where(s => s.Model != baselineName).ToList();
            if (against is null)
            {
                console.Error.WriteLine(
                    $"error: --input {folder}: no answers of the baseline '{baselineName}' under the strategy '{strategy}' "
                    + $"(expected {Path.Combine(LogicKorResultSet.JudgmentsFolder(folder), baselineName, strategy + ".jsonl")}); the models there are {string.Join(", ", sets.Select(s => s.Model))}; "
                    + "name one with --baseline, or give the baseline's file with --baseline-answers.");
                return null;
            }
            if (models.Count == 0)
            {
                console.Error.WriteLine($"error: --input {folder}: no model but the baseline '{baselineName}' has answers under the strategy '{strategy}'; there is nothing to compare.");
                return null;
            }
            return LogicKorArenaPairs.Pairs(baselineName, against, models);
        }
        catch (Exception e) when (e is InputFormatException or FileNotFoundException or IOException or UnauthorizedAccessException)
        {
            console.Error.WriteLine($"error: {e.Message}");
            return null;
        }
    }
}
