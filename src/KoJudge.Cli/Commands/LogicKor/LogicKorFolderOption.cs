using System.CommandLine;
using KoJudge.LogicKor;

namespace KoJudge.Cli.Commands.LogicKor;

/// <summary><c>--logickor DIR</c>: the LogicKor folder whose texts a command reads, and what to say when it is not there.</summary>
internal sealed class LogicKorFolderOption
{
    public LogicKorFolderOption(string reads) =>
        Option = new Option<string?>("--logickor") { Description = $"The LogicKor folder with {reads} (or ${LogicKorTexts.EnvironmentVariable})." };

    public Option<string?> Option { get; }

    /// <summary>The folder's texts, or null with the reason and the way out on stderr.</summary>
    public LogicKorTexts? TryLocate(ParseResult parse, CliConsole console)
    {
        var given = parse.GetValue(Option);
        var texts = LogicKorTexts.Locate(given, console.GetEnvironmentVariable, out var problem);
        switch (problem)
        {
            case LogicKorFolderProblem.NotNamed:
                console.Error.WriteLine(
                    $"error: name a LogicKor folder (questions.jsonl, judge_template_v2.jsonl, prompt_strategies.json) with --logickor DIR or ${LogicKorTexts.EnvironmentVariable}.");
                break;
            case LogicKorFolderProblem.NotFound:
                console.Error.WriteLine($"error: the LogicKor folder {given ?? console.GetEnvironmentVariable(LogicKorTexts.EnvironmentVariable)} does not exist.");
                break;
        }
        return texts;
    }
}
