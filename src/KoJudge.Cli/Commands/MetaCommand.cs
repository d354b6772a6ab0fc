using System.CommandLine;
using KoJudge.Cli.Help;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using KoJudge.Bank;
using KoJudge.Baselines;
using KoJudge.Cli.Output;
using KoJudge.Cli.Paths;
using KoJudge.Cli.Reports;
using KoJudge.Datasets;
using KoJudge.Kudge;
using KoJudge.LogicKor;
using KoJudge.Meta;
using Spectre.Console;

namespace KoJudge.Cli.Commands;

/// <summary><c>kojudge meta</c>: how far a judge agrees with a gold judge, per LogicKor category, beside the no-model floor.</summary>
public static class MetaCommand
{
    private const string BaselinePrefix = "baseline:";
    private static readonly string DefaultReferenceAnswers = Path.Combine("openai", "gpt-4-1106-preview", "default.jsonl");

    public static Command Create(CliConsole console)
    {
        var gold = new Option<string?>("--gold") { Description = "The gold judgments: a LogicKor judgment file, a folder of <org>/<model>/<strategy>.jsonl, or a LogicKor folder's root (its evaluated/)." };
        var kudge = new Option<string?>("--kudge-falseinfo")
        {
            Description = "Instead of LogicKor: KUDGE's k2-eval-pointwise-falseinfo.csv; --judged is then a KUDGE results CSV or KoJudge results "
                + "(from `kojudge judge` on `kojudge kudge-items`), and the report counts how often the judge scores a corrupted answer below its original human score.",
        };
        var judged = new Option<string[]>("--judged")
        {
            Description = "A judge's results in the gold's layout (from `kojudge logickor judge`), as NAME=PATH or a bare PATH (named from the path); "
                + "repeat it to put several judges side by side. With --pairwise, `kojudge compare`'s rows (one --judged).",
            DefaultValueFactory = _ => [],
            HelpName = "NAME=PATH",
        };
        var pairwise = new Option<bool>("--pairwise")
        {
            Description = "Meta-evaluate a pairwise judge: --judged is `kojudge compare`'s rows for the pairs `kojudge gold-pairs` wrote from the same --kudge FILE.csv "
                + "or --gold DIR (and --strategy, --pairs-per-question). Per category and overall: accuracy with failures counted as wrong, the failure and flip "
                + "rates, each with a 95% Wilson interval, accuracy with ties as half and the tie rate. Without it, a pointwise judge.",
        };
        var goldPairs = new GoldPairOptions();
        var baselines = new Option<string[]>("--baseline")
        {
            Description = $"Also judge with a judge that needs no model ({string.Join(", ", BaselineJudge.All.Select(b => b.Name))}); repeatable; "
                + $"the floor, {BaselineJudge.Floor.Name}, is always shown.",
            DefaultValueFactory = _ => [],
            HelpName = "NAME",
        }.DefaultsTo("none");
        var bank = new Option<string?>("--bank")
        {
            Description = "Also run the bank judge, leave-one-model-out over this LogicKor evaluated folder, or over the --gold folder when no folder follows: "
                + "each model judged with itself, its other strategies and its aliases out of the bank.",
            Arity = ArgumentArity.ZeroOrOne,
            HelpName = "DIR",
        }.DefaultsTo("not run");
        var bankMethod = new Option<string>("--bank-method")
        {
            Description = "How the bank judge scores: model (the fitted model) or simple (the chrF^8-weighted mean of the neighbours' scores times the Hangul share, for comparison).",
            DefaultValueFactory = _ => "model",
        };
        bankMethod.AcceptOnlyFromAmong("model", "simple");
        var strategy = new Option<string>("--strategy") { Description = "The answer strategy to compare (default, 1-shot, cot-1-shot).", DefaultValueFactory = _ => LogicKorResultSet.DefaultStrategy };
        var turn = new Option<string>("--turn") { Description = "single (turn 1, as the seed compared) or multi.", DefaultValueFactory = _ => "single" };
        turn.AcceptOnlyFromAmong("single", "multi");
        var referenceAnswers = new Option<string?>("--reference-answers")
        {
            Description = "A reference model's answers, standing in where a question has no reference.",
        }.DefaultsTo($"{DefaultReferenceAnswers} under --gold, GPT-4 as the seed used");
        var json = new Option<FileInfo?>("--json") { Description = "Also write every figure as JSON to this file.", HelpName = "FILE" }.DefaultsTo("none");
        var report = new Option<FileInfo?>("--report")
        {
            Description = "Also write a self-contained HTML report to this file: the judges side by side, rho per category with intervals, paired differences, "
                + "model-level agreement, score heatmaps and the worst disagreements; with --kudge-falseinfo, its table.",
            HelpName = "FILE",
        }.DefaultsTo("none");
        var command = new Command(
            "meta",
            "Compare judges with a gold judge on LogicKor, side by side, joined on (model, question id, turn): per category and overall, n, Spearman's rho "
            + "with a 95% bootstrap interval (1,000 resamples, fixed seed), the paired-bootstrap difference in rho against the no-model floor "
            + "(baseline:hangul-chrf), rho of per-model means, and exact and within-1 agreement where the judge scores 1-5 (gold 0-10 mapped "
            + "0-2→1, 3-4→2, 5-6→3, 7-8→4, 9-10→5) or whole points 0-10.");
        foreach (var option in new Option[] { gold, judged, baselines, bank, bankMethod, strategy, turn, referenceAnswers, json, report, kudge, pairwise, goldPairs.Kudge, goldPairs.PairsPerQuestion })
        {
            command.Options.Add(option);
        }
        command.SetAction(parse =>
        {
            var judgedGiven = parse.GetValue(judged)!;
            var bankGiven = parse.GetResult(bank) is not null;
            if (!new OutputPathCheck(console).File("--json", parse.GetValue(json)?.FullName).File("--report", parse.GetValue(report)?.FullName).Passed)
            {
                return ExitCodes.BadInput;
            }
            if (parse.GetValue(referenceAnswers) is { } given && InputPathCheck.FileProblem(given) is { } problem)
            {
                console.Error.WriteLine($"error: --reference-answers {given}: {problem}.");
                return ExitCodes.BadInput;
            }
            if (parse.GetValue(pairwise))
            {
                return Pairwise(parse, goldPairs, console, judgedGiven, parse.GetValue(gold), parse.GetValue(strategy)!, parse.GetValue(json),
                    [(baselines, parse.GetValue(baselines)!.Length > 0), (bank, bankGiven), (referenceAnswers, parse.GetValue(referenceAnswers) is not null),
                     (report, parse.GetValue(report) is not null), (kudge, parse.GetValue(kudge) is not null), (turn, parse.GetValue(turn) == "multi")]);
            }
            if (parse.GetValue(goldPairs.Kudge) is not null)
            {
                console.Error.WriteLine("error: --kudge (KUDGE's pairwise sets) needs --pairwise; the pointwise false-information check is --kudge-falseinfo.");
                return ExitCodes.BadInput;
            }
            if (parse.GetValue(kudge) is { } kudgePath)
            {
                if (judgedGiven.Length > 1)
                {
                    console.Error.WriteLine("error: --kudge-falseinfo takes one --judged: a KUDGE results CSV, or KoJudge's results for `kojudge kudge-items`.");
                    return ExitCodes.BadInput;
                }
                return MetaKudge.Run(kudgePath, judgedGiven.FirstOrDefault(), parse.GetValue(json), parse.GetValue(report), RunInfo(parse, kudgePath, 1, "-", "-"), console);
            }
            if (parse.GetValue(gold) is not { } goldPath)
            {
                console.Error.WriteLine("error: --gold is required (or --kudge-falseinfo for KUDGE's false-information check).");
                return ExitCodes.BadInput;
            }
            if (judgedGiven.Length == 0 && parse.GetValue(baselines)!.Length == 0 && !bankGiven)
            {
                console.Error.WriteLine("error: give a judge: --judged NAME=PATH (repeatable), --baseline NAME or --bank [DIR].");
                return ExitCodes.BadInput;
            }
            var chosenBaselines = new List<BaselineJudge>();
            foreach (var name in parse.GetValue(baselines)!)
            {
                if (BaselineJudge.Find(name) is not { } found)
                {
                    console.Error.WriteLine($"error: --baseline {name}: use one of {string.Join(", ", BaselineJudge.All.Select(b => b.Name))}.");
                    return ExitCodes.BadInput;
                }
                chosenBaselines.Add(found);
            }
            if (JudgedSet.ParseAll(judgedGiven, console) is not { } judgedSets)
            {
                return ExitCodes.BadInput;
            }
            var chosenStrategy = parse.GetValue(strategy)!;
            var chosenTurn = parse.GetValue(turn) == "multi" ? LogicKorTurn.MultiTurn : LogicKorTurn.SingleTurn;
            try
            {
                var goldSets = LogicKorResultSet.Read(goldPath, chosenStrategy).ToList();
                var references = ReadReferenceAnswers(parse.GetValue(referenceAnswers), goldPath);
                MetaPairBuilder Builder() => new(chosenTurn, references);
                var judges = new List<MetaJudge>();
                foreach (var set in judgedSets)
                {
                    var sets = LogicKorResultSet.Read(set.Path, chosenStrategy);
                    var scales = sets.Select(LogicKorScale.Of).Distinct().ToList();
                    if (scales.Count > 1)
                    {
                        console.Error.WriteLine($"error: --judged {set.Name}={set.Path}: files of {scales.Count} judges ({string.Join(", ", scales.Select(s => s.Label))}): their scores are on different scales; give each its own --judged.");
                        return ExitCodes.BadInput;
                    }
                    var builder = Builder();
                    judges.Add(new MetaJudge(set.Name, "judged", set.Path, JudgeScale.Of(scales[0]), builder.WithJudged(goldSets, sets), builder.Excluded, scales[0].Judge));
                }
                foreach (var baseline in chosenBaselines)
                {
                    var builder = Builder();
                    judges.Add(new MetaJudge(BaselinePrefix + baseline.Name, "baseline", "no model: " + baseline.Name, JudgeScale.OfBaseline(baseline.Name), builder.WithBaseline(goldSets, baseline), builder.Excluded));
                }
                if (bankGiven)
                {
                    var bankFolder = parse.GetValue(bank) ?? goldPath;
                    if (!Directory.Exists(bankFolder))
                    {
                        console.Error.WriteLine($"error: --bank {bankFolder}: no such folder (the bank is a LogicKor evaluated folder).");
                        return ExitCodes.BadInput;
                    }
                    var simple = parse.GetValue(bankMethod) == "simple";
                    var builder = Builder();
                    var bankPairs = BankPairs(bankFolder, goldSets, chosenStrategy, chosenTurn, new BankJudgeOptions { Method = simple ? BankMethod.Simple : BankMethod.Model }, builder, console);
                    judges.Add(new MetaJudge(simple ? "bank-simple" : "bank", "bank", $"leave-one-model-out over {bankFolder}", JudgeScale.Bank, bankPairs, builder.Excluded));
                }
                var floorBuilder = Builder();
                judges.Add(new MetaJudge("floor", MetaJudge.FloorKind, BaselinePrefix + BaselineJudge.Floor.Name, JudgeScale.OfBaseline(BaselineJudge.Floor.Name),
                    floorBuilder.WithBaseline(goldSets, BaselineJudge.Floor), floorBuilder.Excluded));
                // An empty selection is an error: a table of "undefined" over nothing would read as a result.
                if (judges.FirstOrDefault(j => j.Pairs.Count == 0) is { } empty)
                {
                    var reasons = empty.Excluded.Count == 0 ? "" : $" ({string.Join(", ", empty.Excluded.Select(e => $"{e.Value} {e.Key}"))})";
                    console.Error.WriteLine($"error: {empty.Source}: no answer of {empty.Name} joins the gold's at strategy {chosenStrategy}, turn {parse.GetValue(turn)}{reasons}.");
                    return ExitCodes.BadInput;
                }
                var comparison = MetaComparer.Compare(judges, RunInfo(parse, goldPath, goldSets.Count, chosenStrategy, parse.GetValue(turn)!));
                MetaConsoleTable.Write(comparison, console);
                ReportFile.WriteIfAsked(parse.GetValue(json), () => JsonSerializer.Serialize(comparison, KoJudgeJson.Indented), console);
                ReportFile.WriteIfAsked(parse.GetValue(report), () => MetaHtmlReport.Render(comparison), console);
                return ExitCodes.Success;
            }
            catch (Exception e) when (e is InputFormatException or FileNotFoundException)
            {
                console.Error.WriteLine($"error: {e.Message}");
                return ExitCodes.BadInput;
            }
        });
        return command;
    }

    /// <summary>What the report says about its own making: the gold, KoJudge's version, the command as typed and when.</summary>
    private static MetaRunInfo RunInfo(ParseResult parse, string gold, int goldFiles, string strategy, string turn) => new(
        gold,
        goldFiles,
        strategy,
        turn,
        typeof(MetaCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown",
        string.Join(" ", parse.Tokens.Select(t => t.Value).Prepend("kojudge").Select(CommandLineWord)),
        DateTimeOffset.UtcNow);

    private static string CommandLineWord(string word) =>
        word.Length > 0 && word.All(c => char.IsLetterOrDigit(c) || "-_./:=+,@".Contains(c, StringComparison.Ordinal)) ? word : $"'{word.Replace("'", "'\\''", StringComparison.Ordinal)}'";

    /// <param name="unsupported">The pointwise flags and whether each was given: none applies to pairwise verdicts.</param>
    private static int Pairwise(
        ParseResult parse, GoldPairOptions goldPairs, CliConsole console, string[] judged, string? logicKor, string strategy, FileInfo? json, (Option Option, bool Given)[] unsupported)
    {
        if (unsupported.FirstOrDefault(u => u.Given).Option is { } given)
        {
            console.Error.WriteLine($"error: {given.Name}{(given.Name == "--turn" ? " multi" : "")} does not apply to --pairwise (pairwise meta-evaluation takes --kudge or --gold, --judged and --json).");
            return ExitCodes.BadInput;
        }
        if (judged is not [var judgedPath])
        {
            console.Error.WriteLine("error: --pairwise needs one --judged: `kojudge compare`'s rows for the pairs `kojudge gold-pairs` wrote.");
            return ExitCodes.BadInput;
        }
        return goldPairs.Read(parse, logicKor, strategy, console) is { } read
            ? MetaPairwise.Run(read.Pairs, read.Name, judgedPath, json, console)
            : ExitCodes.BadInput;
    }

    /// <summary>
    /// The bank judge's leave-one-model-out estimates for the gold's answers of the strategy and turn compared; says on
    /// stderr which models were held out together, and the LogicKor score's error with both turns.
    /// </summary>
    private static List<MetaPair> BankPairs(
        string folder, IReadOnlyList<LogicKorResultSet> goldSets, string strategy, LogicKorTurn turn, BankJudgeOptions options, MetaPairBuilder builder, CliConsole console)
    {
        var judgmentBank = JudgmentBank.ReadLogicKor(folder);
        var aliases = ModelAliases.Detect(judgmentBank);
        foreach (var group in aliases.Groups.Where(g => g.Count > 1))
        {
            console.Error.WriteLine($"bank: held out together (aliases, by their answers): {string.Join(" = ", group)}");
        }
        var estimates = LeaveOneModelOut.Evaluate(judgmentBank, aliases, strategy, options);
        var score = LogicKorScoreError(estimates);
        if (score.Models > 0)
        {
            console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"bank: LogicKor score (both turns) estimated for {score.Models} models, mean absolute error {score.Error:0.000}"));
        }
        var byKey = estimates.Where(e => e.Answer.Turn == turn).ToDictionary(e => (e.Answer.Model, e.Answer.QuestionId), e => e.Estimate);
        return builder.WithEstimates(goldSets, byKey);
    }

    /// <summary>Per model, LogicKor's score (the mean of the single-turn and multi-turn means) estimated against the gold's.</summary>
    private static (int Models, double Error) LogicKorScoreError(IReadOnlyList<HeldOutEstimate> estimates)
    {
        double Score(IEnumerable<HeldOutEstimate> rows, Func<HeldOutEstimate, double> value) =>
            rows.GroupBy(r => r.Answer.Turn).Select(t => t.Average(value)).Average();
        var models = estimates.GroupBy(e => e.Answer.Model, StringComparer.Ordinal)
            .Where(g => g.Select(e => e.Answer.Turn).Distinct().Count() == 2)
            .Select(g => Math.Abs(Score(g, e => e.Estimate) - Score(g, e => e.Answer.Gold!.Value)))
            .ToList();
        return (models.Count, models.Count == 0 ? 0 : models.Average());
    }

    private static IReadOnlyList<LogicKorRecord>? ReadReferenceAnswers(string? given, string goldPath)
    {
        if (given is not null)
        {
            return LogicKorReader.Read(given);
        }
        if (!Directory.Exists(goldPath))
        {
            return null;
        }
        var fallback = Path.Combine(LogicKorResultSet.JudgmentsFolder(goldPath), DefaultReferenceAnswers);
        return File.Exists(fallback) ? LogicKorReader.Read(fallback) : null;
    }
}
