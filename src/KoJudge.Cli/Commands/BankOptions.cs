using System.CommandLine;
using KoJudge.Bank;
using KoJudge.Datasets;

namespace KoJudge.Cli.Commands;

/// <summary>The flags that choose a judgment bank and what it leaves out, and the bank judge made from them.</summary>
public sealed class BankOptions
{
    public Option<string?> Folder { get; } = new("--bank")
    {
        Description = "bank: the judged answers the judge learns from, a LogicKor evaluated folder (<org>/<model>/<strategy>.jsonl, both turns, every strategy).",
    };

    public Option<string[]> ExcludeModel { get; } = new("--exclude-model")
    {
        Description = "bank: leave this model (org/model), under every strategy and with its aliases, out of the bank (repeatable; default: none).",
        AllowMultipleArgumentsPerToken = false,
    };

    /// <summary>Reads the bank and fits its judge, or says on stderr why not and returns null.</summary>
    public (BankJudge Judge, string Description)? TryCreate(ParseResult parse, CliConsole console)
    {
        ArgumentNullException.ThrowIfNull(parse);
        ArgumentNullException.ThrowIfNull(console);
        var folder = parse.GetValue(Folder);
        if (folder is null)
        {
            console.Error.WriteLine("error: --judge bank needs --bank DIR: a LogicKor evaluated folder of judged answers.");
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
        var description = $"{bank.Models.Count()} models, {bank.Answers.Count(a => a.Gold is not null)} judged answers from {folder}"
            + (left.Count > 0 ? $", leaving out {string.Join(", ", left)}" : "");
        return (BankJudge.Create(bank), description);
    }
}
