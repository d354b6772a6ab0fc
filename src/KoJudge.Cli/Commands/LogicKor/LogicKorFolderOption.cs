using System.CommandLine;
using KoJudge.LogicKor;

namespace KoJudge.Cli.Commands.LogicKor;

/// <summary>
/// <c>--logickor DIR</c>: the LogicKor folder whose texts a command reads (a clone of LogicKor's repository, or a curated
/// copy), and what to say when it is not there or lacks what the command needs.
/// </summary>
internal sealed class LogicKorFolderOption
{
    private readonly LogicKorTextParts needed;

    public LogicKorFolderOption(LogicKorTextParts needed, string reads)
    {
        this.needed = needed;
        Option = new Option<string?>("--logickor")
        {
            Description = $"The LogicKor folder with {reads}: a clone of LogicKor's repository, or a copy with the same files (or ${LogicKorTexts.EnvironmentVariable}).",
        };
    }

    public Option<string?> Option { get; }

    /// <summary>The folder's texts, or null with the reason and the way out on stderr in one line.</summary>
    public LogicKorTexts? TryLocate(ParseResult parse, CliConsole console)
    {
        var given = parse.GetValue(Option);
        var texts = LogicKorTexts.Locate(given, console.GetEnvironmentVariable, out var problem);
        switch (problem)
        {
            case LogicKorFolderProblem.NotNamed:
                console.Error.WriteLine(
                    $"error: name a LogicKor folder (a clone of github.com/instructkr/LogicKor: questions.jsonl, templates.py) with --logickor DIR or ${LogicKorTexts.EnvironmentVariable}.");
                return null;
            case LogicKorFolderProblem.NotFound:
                console.Error.WriteLine($"error: the LogicKor folder {given ?? console.GetEnvironmentVariable(LogicKorTexts.EnvironmentVariable)} does not exist.");
                return null;
        }
        if (texts!.Missing(needed) is [_, ..] missing)
        {
            console.Error.WriteLine($"error: the LogicKor folder {texts.Directory} has no {string.Join(", nor ", missing)}; a clone of LogicKor's repository has them at its root.");
            return null;
        }
        return texts;
    }
}
