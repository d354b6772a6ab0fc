using System.CommandLine;
using KoJudge.Cli.Help;
using System.Globalization;
using KoJudge.Cli.Engines;
using KoJudge.Cli.Paths;
using KoJudge.Cli.Runs;
using KoJudge.Datasets;
using KoJudge.Pairwise;
using KoJudge.Prompts;
using KoJudge.Runs;

namespace KoJudge.Cli.Commands;

/// <summary><c>kojudge compare</c>: judges pairs of answers in both orders, from a JSONL file into rows with their verdicts.</summary>
public static class CompareCommand
{
    /// <summary>How a pairwise run's progress and closing line speak, here and in <c>logickor arena</c>.</summary>
    internal static readonly RunWording Wording = new("compared", "with a verdict", "pairs", "recorded with the reason, never as a verdict");

    public static Command Create(CliConsole console)
    {
        // Pairwise replies hold no score digit whose probabilities could be read, so log-probabilities stay off unless asked for.
        var engine = new EngineOptions(logprobsByDefault: false);
        var run = new FileRunOptions(
            "A JSONL file of pairs: id, instruction, response_a, response_b, reference?, rubric?, category?, model_a?, model_b?.",
            "Where to write the verdicts, one JSON row per pair.",
            "pairs");
        run.Input!.Required = true;
        run.Output.Required = true;
        var template = new Option<FileInfo?>("--template")
        {
            Description = "A pairwise prompt of your own (MT-Bench's, KUDGE's, Arena-Hard's), read at run time, with {instruction}, "
                + "{response_a}, {response_b}, {reference} and {rubric}.",
        }.DefaultsTo("KoJudge's own Korean relative-grading prompt");
        var format = VerdictFormatOption.Create();

        var command = new Command(
            "compare",
            "Judge which of two answers is better, in both orders: the same verdict twice is the verdict, two that differ a tie "
            + "flagged flipped. Exits 0 when every pair has a verdict, 3 when some have none, 2 on bad input.");
        engine.AddTo(command);
        run.AddTo(command);
        command.Options.Add(template);
        command.Options.Add(format);

        command.SetAction(async (parse, cancellationToken) =>
        {
            if (!run.NumbersAreValid(parse, console))
            {
                return ExitCodes.BadInput;
            }
            var prompt = TryReadPrompt(parse.GetValue(template), VerdictFormatOption.Read(parse, format), console);
            if (prompt is null)
            {
                return ExitCodes.BadInput;
            }
            var input = run.TryCheck(parse, console, PairwiseItemReader.ParseLine, i => i.Id, PairwiseJob.ReadRow);
            if (input is null)
            {
                return ExitCodes.BadInput;
            }

            await using var judgeEngine = await engine.TryCreateAsync(parse, console, parse.GetValue(run.Concurrency), cancellationToken).ConfigureAwait(false);
            if (judgeEngine is null)
            {
                return ExitCodes.BadInput;
            }
            console.Error.WriteLine($"engine: {judgeEngine.Description}");
            console.Error.WriteLine($"prompt: {prompt.Name}, verdicts read as {parse.GetValue(format)}");
            var output = parse.GetValue(run.Output)!.FullName;
            var judge = new PairwiseJudge(judgeEngine.ChatClient, prompt, run.JudgeOptions(parse));
            var runner = new ResumableRunner<PairwiseItem, PairwiseResult>(new PairwiseJob(judge, judgeEngine.Fingerprint, output), run.RunOptions(parse, judgeEngine.Concurrency));
            var exit = await CommandRun.RunAsync(
                console,
                runner,
                input.Items,
                Wording,
                output,
                judgeEngine.Cache is not null,
                report => report.FailedInOutput == 0 ? ExitCodes.Success : ExitCodes.NoVerdict,
                cancellationToken,
                before: () => FileRunOptions.ReportSkipped(console, input)).ConfigureAwait(false);
            if (exit is ExitCodes.Success or ExitCodes.NoVerdict)
            {
                console.Error.WriteLine(FlipLine(output, input.Ids, runner.Options.Shard));
            }
            return exit;
        });
        return command;
    }

    private static PairwisePrompt? TryReadPrompt(FileInfo? template, KoJudge.Verdicts.PairwiseVerdictFormat format, CliConsole console)
    {
        if (template is null)
        {
            return PairwisePrompt.BuiltIn(format);
        }
        if (InputPathCheck.FileProblem(template.FullName) is { } problem)
        {
            console.Error.WriteLine($"error: --template {template.FullName}: {problem}.");
            return null;
        }
        try
        {
            return PairwisePrompt.FromTemplate(File.ReadAllText(template.FullName), format, template.Name);
        }
        catch (Exception e) when (e is ArgumentException or IOException or UnauthorizedAccessException)
        {
            console.Error.WriteLine($"error: --template {template.FullName}: {e.Message}.");
            return null;
        }
    }

    // How often the judge followed the position, over this run's pairs in the output: the figure a reader of a
    // pairwise result wants first, and one no count of verdicts shows.
    internal static string FlipLine(string output, IReadOnlyList<string> ids, Shard shard)
    {
        var wanted = ids.Where(shard.Contains).ToHashSet(StringComparer.Ordinal);
        int both = 0, flipped = 0, ties = 0;
        foreach (var (_, text) in JsonLinesReader.ReadLines(output, _ => { }))
        {
            using var json = JsonRow.Parse(output, 0, text);
            var row = json.RootElement;
            if (!wanted.Contains(row.GetProperty("id").ToString()) || row.GetProperty("verdict").ValueKind == System.Text.Json.JsonValueKind.Null)
            {
                continue;
            }
            both++;
            flipped += row.GetProperty("flipped").GetBoolean() ? 1 : 0;
            ties += row.GetProperty("verdict").GetString() == "tie" ? 1 : 0;
        }
        var share = both == 0 ? "" : string.Create(CultureInfo.InvariantCulture, $" ({100.0 * flipped / both:0.0}%)");
        return $"flipped: {flipped} of {both} pairs with a verdict{share}; {ties} ties in all";
    }
}
