using System.CommandLine;
using KoJudge.Cli.Help;
using System.Globalization;
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
    private const string BankJudgeName = "bank";
    private const string SimpleBankJudgeName = "bank-simple";
    private static readonly string DefaultReferenceAnswers = Path.Combine("openai", "gpt-4-1106-preview", "default.jsonl");

    public static Command Create(CliConsole console)
    {
        var gold = new Option<string?>("--gold") { Description = "The gold judgments: a LogicKor judgment file, a folder of <org>/<model>/<strategy>.jsonl, or a LogicKor folder's root (its evaluated/)." };
        var kudge = new Option<string?>("--kudge-falseinfo")
        {
            Description = "Instead of LogicKor: KUDGE's k2-eval-pointwise-falseinfo.csv; --judged is then a KUDGE results CSV or KoJudge results "
                + "(from `kojudge judge` on `kojudge kudge-items`), and the report counts how often the judge scores a corrupted answer below its original human score.",
        };
        var judged = new Option<string?>("--judged") { Description = "The judge's results in the same layout (from `kojudge logickor judge`); with --pairwise, `kojudge compare`'s rows." };
        var pairwise = new Option<bool>("--pairwise")
        {
            Description = "Meta-evaluate a pairwise judge: --judged is `kojudge compare`'s rows for the pairs `kojudge gold-pairs` wrote from the same --kudge FILE.csv "
                + "or --gold DIR (and --strategy, --pairs-per-question). Per category and overall: accuracy with failures counted as wrong, the failure and flip "
                + "rates, each with a 95% Wilson interval, accuracy with ties as half and the tie rate. Without it, a pointwise judge.",
        };
        var goldPairs = new GoldPairOptions();
        var judge = new Option<string?>("--judge")
        {
            Description = $"A judge that needs no model instead: {string.Join(", ", BaselineJudge.All.Select(b => BaselinePrefix + b.Name))}, "
                + "or bank (the judgment bank, leave-one-model-out over --bank, default the --gold folder: each model judged with itself, "
                + "its other strategies and its aliases out of the bank), or bank-simple (the same, scored by the simple form: the chrF^8-weighted "
                + "mean of the neighbours' scores times the Hangul share, for comparison).",
        };
        var bank = new Option<string?>("--bank")
        {
            Description = "Also run the bank judge, leave-one-model-out over this LogicKor evaluated folder (usually the --gold folder), "
                + "and show it beside the floor and the judge.",
        }.DefaultsTo("not run, except for --judge bank");
        var strategy = new Option<string>("--strategy") { Description = "The answer strategy to compare (default, 1-shot, cot-1-shot).", DefaultValueFactory = _ => LogicKorResultSet.DefaultStrategy };
        var turn = new Option<string>("--turn") { Description = "single (turn 1, as the seed compared) or multi.", DefaultValueFactory = _ => "single" };
        turn.AcceptOnlyFromAmong("single", "multi");
        var referenceAnswers = new Option<string?>("--reference-answers")
        {
            Description = $"A reference model's answers, standing in where a question has no reference.",
        }.DefaultsTo($"{DefaultReferenceAnswers} under --gold, GPT-4 as the seed used");
        var json = new Option<FileInfo?>("--json") { Description = "Also write the table as JSON here." };
        var report = new Option<FileInfo?>("--report") { Description = "Also write a self-contained HTML report here: the table, rho per category with its interval, and a score heatmap." };
        var command = new Command(
            "meta",
            "Compare a judge with a gold judge on LogicKor, joined on (model, question id, turn): per category and overall, n, Spearman's rho "
            + "with a 95% bootstrap interval (1,000 resamples, fixed seed), Kendall's tau-b, Pearson's r, exact and within-1 agreement where the "
            + "judge scores 1-5 (gold 0-10 mapped 0-2→1, 3-4→2, 5-6→3, 7-8→4, 9-10→5), and the rho of the no-model floor (baseline:hangul-chrf).");
        foreach (var option in new Option[] { gold, judged, judge, bank, strategy, turn, referenceAnswers, json, report, kudge, pairwise, goldPairs.Kudge, goldPairs.PairsPerQuestion })
        {
            command.Options.Add(option);
        }
        command.SetAction(parse =>
        {
            var judgeName = parse.GetValue(judge);
            var judgedPath = parse.GetValue(judged);
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
                return Pairwise(parse, goldPairs, console, judgedPath, parse.GetValue(gold), parse.GetValue(strategy)!, parse.GetValue(json),
                    [(judge, judgeName is not null), (bank, parse.GetValue(bank) is not null), (referenceAnswers, parse.GetValue(referenceAnswers) is not null),
                     (report, parse.GetValue(report) is not null), (kudge, parse.GetValue(kudge) is not null), (turn, parse.GetValue(turn) == "multi")]);
            }
            if (parse.GetValue(goldPairs.Kudge) is not null)
            {
                console.Error.WriteLine("error: --kudge (KUDGE's pairwise sets) needs --pairwise; the pointwise false-information check is --kudge-falseinfo.");
                return ExitCodes.BadInput;
            }
            if (parse.GetValue(kudge) is { } kudgePath)
            {
                return KudgeFalseInfo(kudgePath, judgedPath, parse.GetValue(json), console);
            }
            if (parse.GetValue(gold) is null)
            {
                console.Error.WriteLine("error: --gold is required (or --kudge-falseinfo for KUDGE's false-information check).");
                return ExitCodes.BadInput;
            }
            if ((judgeName is null) == (judgedPath is null))
            {
                console.Error.WriteLine("error: give either --judged PATH or --judge baseline:NAME (or bank).");
                return ExitCodes.BadInput;
            }
            var isBank = judgeName is BankJudgeName or SimpleBankJudgeName;
            var bankOptions = new BankJudgeOptions { Method = judgeName == SimpleBankJudgeName ? BankMethod.Simple : BankMethod.Model };
            BaselineJudge? baseline = null;
            if (judgeName is not null && !isBank && (!judgeName.StartsWith(BaselinePrefix, StringComparison.Ordinal) || (baseline = BaselineJudge.Find(judgeName[BaselinePrefix.Length..])) is null))
            {
                console.Error.WriteLine($"error: --judge {judgeName}: use one of {string.Join(", ", BaselineJudge.All.Select(b => BaselinePrefix + b.Name))} or bank, or --judged PATH.");
                return ExitCodes.BadInput;
            }
            var goldPath = parse.GetValue(gold)!;
            var chosenStrategy = parse.GetValue(strategy)!;
            var chosenTurn = parse.GetValue(turn) == "multi" ? LogicKorTurn.MultiTurn : LogicKorTurn.SingleTurn;
            try
            {
                var goldSets = LogicKorResultSet.Read(goldPath, chosenStrategy).ToList();
                var references = ReadReferenceAnswers(parse.GetValue(referenceAnswers), goldPath);
                var builder = new MetaPairBuilder(chosenTurn, references);
                var bankFolder = parse.GetValue(bank) ?? (isBank ? goldPath : null);
                List<MetaPair>? bankPairs = null;
                if (bankFolder is not null)
                {
                    if (!Directory.Exists(bankFolder))
                    {
                        console.Error.WriteLine($"error: --bank {bankFolder}: no such folder (the bank is a LogicKor evaluated folder).");
                        return ExitCodes.BadInput;
                    }
                    bankPairs = BankPairs(bankFolder, goldSets, chosenStrategy, chosenTurn, bankOptions, isBank ? builder : new MetaPairBuilder(chosenTurn, references), console);
                }
                var pairs = isBank
                    ? bankPairs!
                    : baseline is not null
                        ? builder.WithBaseline(goldSets, baseline)
                        : builder.WithJudged(goldSets, LogicKorResultSet.Read(judgedPath!, chosenStrategy));
                // A LogicKor-style judge scores on the gold's 0-10 scale; a baseline and a 1-5 judge do not, so their means are not compared.
                var onGoldScale = isBank || (baseline is null && pairs.Any(p => p.Judged is < 1 or > 5 || p.Judged != Math.Floor(p.Judged)));
                var table = MetaEvaluator.Table(pairs, judgeName ?? judgedPath!, goldPath, chosenStrategy, chosenTurn, builder.Excluded, onGoldScale, bankPairs);
                Print(table, goldSets.Count, console);
                ReportFile.WriteIfAsked(parse.GetValue(json), () => JsonSerializer.Serialize(table, KoJudgeJson.Indented), console);
                ReportFile.WriteIfAsked(parse.GetValue(report), () => MetaHtmlReport.Render(table, pairs), console);
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

    /// <param name="unsupported">The pointwise flags and whether each was given: none applies to pairwise verdicts.</param>
    private static int Pairwise(
        ParseResult parse, GoldPairOptions goldPairs, CliConsole console, string? judgedPath, string? logicKor, string strategy, FileInfo? json, (Option Option, bool Given)[] unsupported)
    {
        if (unsupported.FirstOrDefault(u => u.Given).Option is { } given)
        {
            console.Error.WriteLine($"error: {given.Name}{(given.Name == "--turn" ? " multi" : "")} does not apply to --pairwise (pairwise meta-evaluation takes --kudge or --gold, --judged and --json).");
            return ExitCodes.BadInput;
        }
        if (judgedPath is null)
        {
            console.Error.WriteLine("error: --pairwise needs --judged: `kojudge compare`'s rows for the pairs `kojudge gold-pairs` wrote.");
            return ExitCodes.BadInput;
        }
        return goldPairs.Read(parse, logicKor, strategy, console) is { } read
            ? MetaPairwise.Run(read.Pairs, read.Name, judgedPath, json, console)
            : ExitCodes.BadInput;
    }

    private static int KudgeFalseInfo(string itemsPath, string? judgedPath, FileInfo? json, CliConsole console)
    {
        if (judgedPath is null)
        {
            console.Error.WriteLine("error: --kudge-falseinfo needs --judged: a KUDGE results CSV, or KoJudge's results for `kojudge kudge-items`.");
            return ExitCodes.BadInput;
        }
        try
        {
            var items = KudgeFalseInfoReader.Read(itemsPath);
            var report = KudgeFalseInfoReport.Compute(items, KudgeJudgments.Read(judgedPath, items.Count));
            var grid = new Table { Title = new TableTitle(Markup.Escape($"{judgedPath}: corrupted answers scored below their original human score")) }
                .AddColumns("corruption", "n", "below original", "not below", "no verdict", "below rate");
            foreach (var (kind, counts) in report.Kinds.Append(new KeyValuePair<string, KudgeFalseInfoReport.Counts>("overall", report.Overall)))
            {
                grid.AddRow(Markup.Escape(kind), Number(counts.N), Number(counts.Below), Number(counts.NotBelow), Number(counts.NoVerdict), Terminal.Figure(counts.BelowRate));
            }
            Terminal.For(console.Out, console.OutputWidth).Write(grid);
            if (json is not null)
            {
                WholeFileWriter.WriteText(json.FullName, JsonSerializer.Serialize(report, KoJudgeJson.Indented));
            }
            return ExitCodes.Success;
        }
        catch (Exception e) when (e is InputFormatException or FileNotFoundException or ArgumentException)
        {
            console.Error.WriteLine($"error: {e.Message}");
            return ExitCodes.BadInput;
        }
    }

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

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

    private static void Print(MetaTable table, int files, CliConsole console)
    {
        var grid = new Table { Title = new TableTitle(Markup.Escape($"{table.Judge} against {table.Gold} ({files} files, strategy {table.Strategy}, turn {table.Turn})")) }
            .AddColumns("category", "n", "Spearman ρ", "95% CI", "Kendall τ-b", "Pearson r", "exact", "within 1", $"floor ρ ({table.Floor})");
        if (table.BankSpearman is not null)
        {
            grid.AddColumn("bank ρ");
        }
        foreach (var (name, summary) in table.Categories.Append(new KeyValuePair<string, AgreementSummary>("overall", table.Overall)))
        {
            var cells = new List<string>
            {
                Markup.Escape(name),
                summary.N.ToString(CultureInfo.InvariantCulture),
                Terminal.Figure(summary.Spearman),
                summary.SpearmanInterval is { } ci ? Markup.Escape($"[{Terminal.Figure(ci[0])}, {Terminal.Figure(ci[1])}]") : "undefined",
                Terminal.Figure(summary.KendallTauB),
                Terminal.Figure(summary.Pearson),
                summary.ExactAgreement is { } exact ? Terminal.Figure(exact) : "-",
                summary.WithinOneAgreement is { } within ? Terminal.Figure(within) : "-",
                Terminal.Figure(summary.FloorSpearman),
            };
            if (table.BankSpearman is { } bank)
            {
                cells.Add(Terminal.Figure(bank.GetValueOrDefault(name)));
            }
            grid.AddRow([.. cells]);
        }
        Terminal.For(console.Out, console.OutputWidth).Write(grid);
        var sides = new Table { Title = new TableTitle("side by side") }
            .AddColumns("", "judge", "n", "Spearman ρ", "models", "ρ of model means", "score MAE");
        foreach (var side in table.SideBySide)
        {
            sides.AddRow(
                side.Role,
                Markup.Escape(side.Judge),
                Number(side.N),
                Terminal.Figure(side.Spearman),
                Number(side.Models),
                Terminal.Figure(side.ModelSpearman),
                side.ScoreMeanAbsoluteError is { } mae ? Terminal.Figure(mae) : "-");
        }
        Terminal.For(console.Out, console.OutputWidth).Write(sides);
        if (table.Excluded.Count > 0)
        {
            console.Out.WriteLine("left out: " + string.Join(", ", table.Excluded.Select(e => $"{e.Value} {e.Key}")));
        }
    }
}
