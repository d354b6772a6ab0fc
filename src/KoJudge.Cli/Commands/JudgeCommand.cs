using System.CommandLine;
using System.Text.Json;
using KoJudge.Cli.Engines;
using KoJudge.Cli.Paths;
using KoJudge.Cli.Runs;
using KoJudge.Datasets;
using KoJudge.Judging;
using KoJudge.Runs;

namespace KoJudge.Cli.Commands;

/// <summary><c>kojudge judge</c>: judges one item given in flags, or a JSONL file of items.</summary>
public static class JudgeCommand
{
    private static readonly RunWording Wording = new("judged", "scored", "items", "recorded with the reason, never as a score");

    public static Command Create(CliConsole console)
    {
        var item = new ItemOptions();
        var engine = new EngineOptions(logprobsByDefault: true);
        var input = new Option<FileInfo?>("--input") { Description = "A JSONL file of items: id, instruction, response, reference?, rubric, category?." };
        var output = new Option<FileInfo?>("--output") { Description = "Where to write the results, one JSON row per item (with --input)." };
        var overwrite = new Option<bool>("--overwrite") { Description = "Start --output over. Without it, a rerun resumes: rows already there (same id and request hash) are skipped." };
        var retryFailed = new Option<bool>("--retry-failed") { Description = "On a rerun, judge again the items whose rows have no score (say, the server was down); rows with a score are kept." };
        var onBadInput = new Option<string>("--on-bad-input") { Description = "fail: refuse a file with a bad line (nothing is judged); skip: pass over bad lines and list them.", DefaultValueFactory = _ => "fail" };
        onBadInput.AcceptOnlyFromAmong("fail", "skip");
        var shard = new Option<string>("--shard") { Description = "Judge only shard i of n (e.g. 2/3): a fixed slice of the items by id; `kojudge merge` joins the outputs.", DefaultValueFactory = _ => "1/1" };
        var maxTokens = new Option<int>("--max-tokens") { Description = "The longest reply, in tokens.", DefaultValueFactory = _ => 512 };
        var retries = new Option<int>("--retries") { Description = "How often to ask again, sampling at temperature 1, when a reply has no verdict.", DefaultValueFactory = _ => 2 };
        var seed = new Option<long>("--seed") { Description = "The first attempt's seed; retry k uses seed + k.", DefaultValueFactory = _ => 0 };
        var system = new Option<string?>("--system") { Description = "A system message to place before the prompt." };
        var concurrency = new Option<int>("--concurrency") { Description = "How many items are judged at once (HTTP engine; in-process, --parallel sets it).", DefaultValueFactory = _ => 4 };

        var command = new Command(
            "judge",
            "Judge one item (--rubric, --instruction, --response, --reference) or a JSONL file (--input, --output). "
            + "Exits 0 when every item has a score, 3 when some have none, 2 on bad input.");
        item.AddTo(command);
        engine.AddTo(command);
        foreach (var option in new Option[] { input, output, overwrite, retryFailed, onBadInput, shard, maxTokens, retries, seed, system, concurrency })
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parse, cancellationToken) =>
        {
            if (parse.GetValue(maxTokens) < 1 || parse.GetValue(retries) < 0 || parse.GetValue(concurrency) < 1)
            {
                console.Error.WriteLine("error: --max-tokens and --concurrency must be at least 1, and --retries at least 0.");
                return ExitCodes.BadInput;
            }
            var inputFile = parse.GetValue(input);
            var outputFile = parse.GetValue(output);
            if (inputFile is not null && item.AnyGiven(parse))
            {
                console.Error.WriteLine("error: give either --input (a file of items) or one item's flags, not both.");
                return ExitCodes.BadInput;
            }

            JudgeItem? single = null;
            CheckedInput<JudgeItem>? checkedInput = null;
            if (inputFile is null)
            {
                if (!item.TryRead(parse, console, out single))
                {
                    return ExitCodes.BadInput;
                }
            }
            else
            {
                if (outputFile is null)
                {
                    console.Error.WriteLine("error: --output is required with --input.");
                    return ExitCodes.BadInput;
                }
                if (!Shard.TryParse(parse.GetValue(shard)!, out _))
                {
                    console.Error.WriteLine($"error: --shard {parse.GetValue(shard)}: give i/n with 1 <= i <= n, e.g. 2/3.");
                    return ExitCodes.BadInput;
                }
                if (!new OutputPathCheck(console).File("--output", outputFile.FullName).Passed)
                {
                    return ExitCodes.BadInput;
                }
                if (InputPathCheck.FileProblem(inputFile.FullName) is { } problem)
                {
                    console.Error.WriteLine($"error: --input {inputFile.FullName}: {problem}.");
                    return ExitCodes.BadInput;
                }
                try
                {
                    // Every line is checked before an engine is loaded.
                    checkedInput = InputCheck.Check(inputFile.FullName, parse.GetValue(onBadInput) == "skip", JudgeItemReader.ParseLine, i => i.Id);
                }
                catch (Exception e) when (e is InputFormatException or IOException or UnauthorizedAccessException)
                {
                    console.Error.WriteLine($"error: {e.Message}");
                    return ExitCodes.BadInput;
                }
                if (!parse.GetValue(overwrite))
                {
                    try
                    {
                        // An output that is not KoJudge's is refused before a model takes minutes to load.
                        OutputFile.Read(outputFile!.FullName, JudgeJob.ReadRow);
                    }
                    catch (Exception e) when (e is InputFormatException or IOException or UnauthorizedAccessException)
                    {
                        console.Error.WriteLine($"error: {e.Message}");
                        return ExitCodes.BadInput;
                    }
                }
            }

            await using var judgeEngine = await engine.TryCreateAsync(parse, console, parse.GetValue(concurrency), cancellationToken).ConfigureAwait(false);
            if (judgeEngine is null)
            {
                return ExitCodes.BadInput;
            }
            console.Error.WriteLine($"engine: {judgeEngine.Description}");
            var judge = new PrometheusJudge(judgeEngine.ChatClient, new JudgeOptions
            {
                MaxOutputTokens = parse.GetValue(maxTokens),
                Retries = parse.GetValue(retries),
                Seed = parse.GetValue(seed),
                SystemPrompt = parse.GetValue(system),
            });

            if (checkedInput is null)
            {
                try
                {
                    return await JudgeOneAsync(judge, single!, console, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    console.Error.WriteLine("cancelled.");
                    return ExitCodes.Cancelled;
                }
            }
            var options = new RunOptions
            {
                Overwrite = parse.GetValue(overwrite),
                RetryFailed = parse.GetValue(retryFailed),
                Shard = Shard.TryParse(parse.GetValue(shard)!, out var chosen) ? chosen : Shard.All,
                Concurrency = judgeEngine.Concurrency,
            };
            var runner = new ResumableRunner<JudgeItem, JudgeResult>(new JudgeJob(judge, judgeEngine.Fingerprint, outputFile!.FullName), options);
            return await CommandRun.RunAsync(
                console,
                runner,
                checkedInput.Items,
                Wording,
                outputFile.FullName,
                judgeEngine.Cache is not null,
                report => report.FailedInOutput == 0 ? ExitCodes.Success : ExitCodes.NoVerdict,
                cancellationToken,
                before: () =>
                {
                    foreach (var skipped in checkedInput.Skipped)
                    {
                        console.Error.WriteLine($"skipped {skipped.Message}");
                    }
                    if (checkedInput.Skipped.Count > 0)
                    {
                        console.Error.WriteLine($"{checkedInput.Skipped.Count} bad lines skipped");
                    }
                }).ConfigureAwait(false);
        });
        return command;
    }

    private static async Task<int> JudgeOneAsync(PrometheusJudge judge, JudgeItem item, CliConsole console, CancellationToken cancellationToken)
    {
        var result = await judge.JudgeAsync(item, cancellationToken).ConfigureAwait(false);
        console.Out.WriteLine(JsonSerializer.Serialize(result, KoJudgeJson.Indented));
        return result.Succeeded ? ExitCodes.Success : ExitCodes.NoVerdict;
    }
}
