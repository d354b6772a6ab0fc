using System.CommandLine;
using System.Text.Json;
using KoJudge.Bank;
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
        var judgeKind = new Option<string>("--judge")
        {
            Description = "prometheus (the Korean Prometheus judge on --model or --endpoint, 1-5) or bank (no engine: the score estimated "
                + "from the judged answers to the same instruction in --bank, on their 1-5).",
            DefaultValueFactory = _ => "prometheus",
        };
        judgeKind.AcceptOnlyFromAmong("prometheus", "bank");
        var bank = new BankOptions();
        var item = new ItemOptions();
        var engine = new EngineOptions(logprobsByDefault: true);
        var run = new FileRunOptions(
            "A JSONL file of items: id, instruction, response, reference?, rubric, category?.",
            "Where to write the results, one JSON row per item (with --input).",
            "items");

        var command = new Command(
            "judge",
            "Judge one item (--rubric, --instruction, --response, --reference) or a JSONL file (--input, --output), with the Prometheus judge "
            + "on an engine, or with --judge bank against KoJudge results of other answers to the same instructions. "
            + "Exits 0 when every item has a score, 3 when some have none, 2 on bad input.");
        command.Options.Add(judgeKind);
        command.Options.Add(bank.Bank);
        command.Options.Add(bank.Items);
        item.AddTo(command);
        engine.AddTo(command);
        run.AddTo(command);

        command.SetAction(async (parse, cancellationToken) =>
        {
            if (!run.NumbersAreValid(parse, console))
            {
                return ExitCodes.BadInput;
            }
            var inputFile = parse.GetValue(run.Input!);
            if (inputFile is not null && item.AnyGiven(parse))
            {
                return Failures.UsageError.Report(console, parse, "give either --input (a file of items) or one item's flags, not both");
            }

            JudgeItem? single = null;
            CheckedInput<JudgeItem>? checkedInput = null;
            if (inputFile is null)
            {
                if (item.Missing(parse) is { } missing)
                {
                    return Failures.UsageError.Report(console, parse, $"{missing}, or --input with --output");
                }
                if (!item.TryRead(parse, console, out single))
                {
                    return ExitCodes.BadInput;
                }
            }
            else
            {
                if (parse.GetValue(run.Output) is null)
                {
                    return Failures.UsageError.Report(console, parse, "--output is required with --input");
                }
                checkedInput = run.TryCheck(parse, console, JudgeItemReader.ParseLine, i => i.Id, JudgeJob.ReadRow);
                if (checkedInput is null)
                {
                    return ExitCodes.BadInput;
                }
            }

            IItemJudge judge;
            JudgeEngine? judgeEngine = null;
            if (parse.GetValue(judgeKind) == "bank")
            {
                // The bank needs no engine, no --model nor --endpoint; its fitted model is kept in the cache folder unless --no-cache.
                if (bank.TryCreateFromResults(parse, console, BankOptions.StoreOf(parse.GetValue(engine.NoCache), console)) is not { } bankJudge)
                {
                    return ExitCodes.BadInput;
                }
                console.Error.WriteLine($"judge: bank ({bankJudge.Description})");
                judge = new BankItemJudge(bankJudge.Judge);
            }
            else
            {
                judgeEngine = await engine.TryCreateAsync(parse, console, parse.GetValue(run.Concurrency), cancellationToken).ConfigureAwait(false);
                if (judgeEngine is null)
                {
                    return ExitCodes.BadInput;
                }
                console.Error.WriteLine($"engine: {judgeEngine.Description}");
                judge = new PrometheusJudge(judgeEngine.ChatClient, run.JudgeOptions(parse))
                {
                    EngineIdentity = judgeEngine.Fingerprint,
                };
            }
            await using var engineInUse = judgeEngine;

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
            var options = run.RunOptions(parse, judgeEngine?.Concurrency ?? 1);
            var outputFile = parse.GetValue(run.Output)!;
            var runner = new ResumableRunner<JudgeItem, JudgeResult>(new JudgeJob(judge, outputFile.FullName), options);
            return await CommandRun.RunAsync(
                console,
                runner,
                checkedInput.Items,
                Wording,
                outputFile.FullName,
                judgeEngine?.Cache is not null,
                report => report.FailedInOutput == 0 ? ExitCodes.Success : ExitCodes.NoVerdict,
                cancellationToken,
                before: () => FileRunOptions.ReportSkipped(console, checkedInput)).ConfigureAwait(false);
        });
        return command;
    }

    private static async Task<int> JudgeOneAsync(IItemJudge judge, JudgeItem item, CliConsole console, CancellationToken cancellationToken)
    {
        var result = await judge.JudgeAsync(item, cancellationToken).ConfigureAwait(false);
        console.Out.WriteLine(JsonSerializer.Serialize(result, KoJudgeJson.Indented));
        return result.Succeeded ? ExitCodes.Success : ExitCodes.NoVerdict;
    }
}
