using System.CommandLine;
using KoJudge.Cli.Help;
using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;
using KoJudge.Bank;
using KoJudge.Datasets;
using KoJudge.LogicKor;

namespace KoJudge.Cli.Commands;

/// <summary>
/// <c>kojudge bench-bank</c>: how long the bank judge takes to judge one model's answers in a fresh process, the bank's
/// load and fit included, as <c>logickor judge --judge bank</c> does it; prints JSON.
/// </summary>
public static class BenchBankCommand
{
    public static Command Create(CliConsole console)
    {
        var bank = new Option<string>("--bank") { Description = "A LogicKor evaluated folder (<org>/<model>/<strategy>.jsonl), or a LogicKor folder's root.", Required = true };
        var answers = new Option<string>("--answers") { Description = "One model's LogicKor answers file (both turns are judged).", Required = true };
        var keep = new Option<bool>("--keep-own-answers")
        {
            Description = "Keep the answers' own model in the bank. Without it, it is left out, by its folder name, under every strategy, as for a new model.",
        };
        var noCache = new Option<bool>("--no-cache")
        {
            Description = "Fit the bank's model and keep none. Without it, it is read from the cache folder's banks/ where an earlier run fitted it on the same bank, else fitted and kept.",
        }.PlaceUnder(HelpGroups.Run);
        var command = new Command(
            "bench-bank",
            "Time the bank judge on one model's answers, from a cold start: reading the bank, indexing it and fitting its model, then judging every answer's "
            + "two turns. Prints one JSON object with each phase's seconds, the process's CPU seconds and the cores it had.");
        foreach (var option in new Option[] { bank, answers, keep, noCache })
        {
            command.Options.Add(option);
        }
        command.SetAction(parse =>
        {
            var (bankPath, answersPath) = (parse.GetValue(bank)!, parse.GetValue(answers)!);
            if (!Directory.Exists(bankPath) || !File.Exists(answersPath))
            {
                console.Error.WriteLine($"error: --bank must be a folder and --answers a file ({bankPath}, {answersPath}).");
                return ExitCodes.BadInput;
            }
            try
            {
                var clock = Stopwatch.StartNew();
                var set = LogicKorResultSet.Read(answersPath)[0];
                var judgmentBank = JudgmentBank.ReadLogicKor(bankPath);
                var model = LogicKorResultSet.Identify(Path.GetFullPath(answersPath), null).Model;
                if (!parse.GetValue(keep))
                {
                    judgmentBank = judgmentBank.Without(new HashSet<string>(StringComparer.Ordinal) { model });
                }
                var read = clock.Elapsed.TotalSeconds;
                var judge = BankJudge.Create(judgmentBank, new BankJudgeOptions { Store = BankOptions.StoreOf(parse.GetValue(noCache), console) });
                var fitted = clock.Elapsed.TotalSeconds;
                var failed = 0;
                foreach (var record in set.Records)
                {
                    var outputs = record.Outputs!;
                    failed += judge.Estimate(record.Id, LogicKorTurn.SingleTurn, outputs[0]).Score is null ? 1 : 0;
                    if (outputs.Count > 1)
                    {
                        failed += judge.Estimate(record.Id, LogicKorTurn.MultiTurn, outputs[1], outputs[0]).Score is null ? 1 : 0;
                    }
                }
                var total = clock.Elapsed.TotalSeconds;
                using var process = Process.GetCurrentProcess();
                var report = new BankBenchReport(
                    model,
                    judgmentBank.Models.Count(),
                    judgmentBank.Answers.Count(a => a.Gold is not null),
                    judge.FromStore,
                    set.Records.Count,
                    failed,
                    Math.Round(read, 3),
                    Math.Round(fitted - read, 3),
                    Math.Round(total - fitted, 3),
                    Math.Round(total, 3),
                    Math.Round((DateTime.Now - process.StartTime).TotalSeconds, 3),
                    Math.Round(process.TotalProcessorTime.TotalSeconds, 3),
                    Environment.ProcessorCount);
                console.Out.WriteLine(JsonSerializer.Serialize(report, KoJudgeJson.Indented));
                return ExitCodes.Success;
            }
            catch (InputFormatException e)
            {
                console.Error.WriteLine($"error: {e.Message}");
                return ExitCodes.BadInput;
            }
        });
        return command;
    }

    /// <summary>What <c>bench-bank</c> prints; <c>fit_s</c> is indexing the bank and fitting its model, or reading the model where <c>model_from_cache</c>.</summary>
    internal sealed record BankBenchReport(
        [property: JsonPropertyName("model")] string Model,
        [property: JsonPropertyName("bank_models")] int BankModels,
        [property: JsonPropertyName("bank_judged_answers")] int BankJudgedAnswers,
        [property: JsonPropertyName("model_from_cache")] bool ModelFromCache,
        [property: JsonPropertyName("questions")] int Questions,
        [property: JsonPropertyName("failed_turns")] int FailedTurns,
        [property: JsonPropertyName("read_s")] double ReadSeconds,
        [property: JsonPropertyName("fit_s")] double FitSeconds,
        [property: JsonPropertyName("judge_s")] double JudgeSeconds,
        [property: JsonPropertyName("total_s")] double TotalSeconds,
        [property: JsonPropertyName("since_process_start_s")] double SinceProcessStartSeconds,
        [property: JsonPropertyName("cpu_s")] double CpuSeconds,
        [property: JsonPropertyName("cores")] int Cores);
}
