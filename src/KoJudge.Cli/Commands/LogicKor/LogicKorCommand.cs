using System.CommandLine;

namespace KoJudge.Cli.Commands.LogicKor;

/// <summary><c>kojudge logickor</c>: the LogicKor benchmark's verbs.</summary>
public static class LogicKorCommand
{
    public static Command Create(CliConsole console)
    {
        var command = new Command("logickor", "The LogicKor benchmark: generate answers, judge them (GPT-4 style or with the Prometheus judge), score them, and rank models against a baseline in pairs.");
        command.Subcommands.Add(LogicKorGenerateCommand.Create(console));
        command.Subcommands.Add(LogicKorJudgeCommand.Create(console));
        command.Subcommands.Add(LogicKorScoreCommand.Create(console));
        command.Subcommands.Add(LogicKorArenaCommand.Create(console));
        return command;
    }
}
