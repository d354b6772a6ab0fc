using System.CommandLine;
using KoJudge.Cli.Help;
using KoJudge.Bank;
using KoJudge.Cli.Caching;
using KoJudge.Cli.Paths;
using KoJudge.Datasets;

namespace KoJudge.Cli.Commands;

/// <summary>
/// The flags that choose a judgment bank, and the bank judge made from them: a LogicKor evaluated folder for
/// <c>logickor judge</c> (with <c>--exclude-model</c>), or KoJudge results joined with their items for <c>judge</c>.
/// </summary>
public sealed class BankOptions
{
    public Option<string?> Bank { get; } = new("--bank")
    {
        Description = "bank: the judged answers it learns from: a LogicKor evaluated folder (logickor judge), or a KoJudge results file (judge, which also needs the items they judged).",
    };

    public Option<string[]> ExcludeModel { get; } = new Option<string[]>("--exclude-model")
    {
        Description = "bank: leave this model (org/model), under every strategy and with its aliases, out of the bank (repeatable).",
        AllowMultipleArgumentsPerToken = false,
    }.DefaultsTo("none");

    public Option<string?> Items { get; } = new("--bank-items")
    {
        Description = "bank: the items the --bank results judged (JSONL, joined by id): their instructions and responses.",
    };

    /// <summary>Reads a LogicKor bank folder and fits its judge, or says on stderr why not and returns null.</summary>
    public (BankJudge Judge, string Description)? TryCreateLogicKor(ParseResult parse, CliConsole console, BankModelStore? store)
    {
        ArgumentNullException.ThrowIfNull(parse);
        ArgumentNullException.ThrowIfNull(console);
        var folder = parse.GetValue(Bank);
        if (folder is null)
        {
            console.Error.WriteLine("error: --judge bank needs --bank DIR: a LogicKor evaluated folder of judged answers.");
            return null;
        }
        if (File.Exists(folder))
        {
            console.Error.WriteLine($"error: --bank {folder}: is a file; LogicKor answers are judged against a LogicKor evaluated folder (a bank of KoJudge results serves `kojudge judge`).");
            return null;
        }
        if (!Directory.Exists(folder))
        {
            console.Error.WriteLine($"error: --bank {folder}: no such folder.");
            return null;
        }
        JudgmentBank bank;
        try
        {
            bank = JudgmentBank.ReadLogicKor(folder);
        }
        catch (InputFormatException e)
        {
            console.Error.WriteLine($"error: {e.Message}");
            return null;
        }
        var excluded = parse.GetValue(ExcludeModel) ?? [];
        var left = new List<string>();
        if (excluded.Length > 0)
        {
            var aliases = ModelAliases.Detect(bank);
            var models = excluded.SelectMany(aliases.WithAliases).ToHashSet(StringComparer.Ordinal);
            left.AddRange(models.Order(StringComparer.Ordinal));
            bank = bank.Without(models);
        }
        var judge = BankJudge.Create(bank, new BankJudgeOptions { Store = store });
        var description = $"{bank.Models.Count()} models, {bank.Answers.Count(a => a.Gold is not null)} judged answers from {folder}"
            + (left.Count > 0 ? $", leaving out {string.Join(", ", left)}" : "") + FitOf(judge);
        return (judge, description);
    }

    /// <summary>Reads a bank of KoJudge results joined with their items and fits its judge, or says on stderr why not and returns null.</summary>
    public (BankJudge Judge, string Description)? TryCreateFromResults(ParseResult parse, CliConsole console, BankModelStore? store)
    {
        ArgumentNullException.ThrowIfNull(parse);
        ArgumentNullException.ThrowIfNull(console);
        var results = parse.GetValue(Bank);
        var items = parse.GetValue(Items);
        if (results is null || items is null)
        {
            console.Error.WriteLine("error: --judge bank needs --bank FILE (KoJudge results) and --bank-items FILE (the items they judged).");
            return null;
        }
        if (Directory.Exists(results))
        {
            console.Error.WriteLine($"error: --bank {results}: is a folder; a LogicKor bank judges LogicKor answers (`kojudge logickor judge --judge bank`), here give a KoJudge results file.");
            return null;
        }
        foreach (var (flag, path) in new[] { ("--bank", results), ("--bank-items", items) })
        {
            if (InputPathCheck.FileProblem(Path.GetFullPath(path)) is { } problem)
            {
                console.Error.WriteLine($"error: {flag} {path}: {problem}.");
                return null;
            }
        }
        JudgmentBank bank;
        try
        {
            bank = JudgmentBank.ReadResults(results, items);
        }
        catch (Exception e) when (e is InputFormatException or IOException or UnauthorizedAccessException)
        {
            console.Error.WriteLine($"error: {e.Message}");
            return null;
        }
        var judge = BankJudge.Create(bank, new BankJudgeOptions { Store = store });
        var judged = bank.Answers.Count(a => a.Gold is not null);
        var description = $"{judged} judged answers to {bank.Questions.Count} instructions from {results}" + FitOf(judge);
        return (judge, description);
    }

    /// <summary>The cache folder's <c>banks/</c>, where fitted bank models are kept, or none with <c>--no-cache</c>.</summary>
    public static BankModelStore? StoreOf(bool noCache, CliConsole console)
    {
        ArgumentNullException.ThrowIfNull(console);
        return noCache ? null : new BankModelStore(Path.Combine(CacheDirectory.Of(console.GetEnvironmentVariable), "banks"));
    }

    private static string FitOf(BankJudge judge) => judge.Method == BankMethod.Simple
        ? $"; too few to learn from (under {BankJudge.MinimumTrainingAnswers}), so the simple form scores"
        : judge.FromStore ? "; its model read from the cache, fitted before on this bank" : "";
}
