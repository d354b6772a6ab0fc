using System.CommandLine;
using System.CommandLine.Help;
using KoJudge.Cli.Commands;

namespace KoJudge.Cli;

/// <summary>The <c>kojudge</c> command tree: one command class per verb.</summary>
public static class KoJudgeCommandLine
{
    public static Command Build(CliConsole console)
    {
        // A named Command rather than RootCommand, whose name is the assembly's (KoJudge.Cli, kept apart from
        // the core's KoJudge.dll because assembly names ignore letter case): help must say "kojudge".
        var root = new Command(
            "kojudge",
            "kojudge: judge Korean LLM answers with the Korean Prometheus judge (Llama-3-Korean-Bllossom-8B + ko-prometheus LoRA), "
            + "or any judge behind an OpenAI-compatible server. Scores run from 1 to 5; a reply without a verdict is reported, never guessed.");
        root.Options.Add(new HelpOption());
        root.Options.Add(new VersionOption());
        root.Subcommands.Add(PromptCommand.Create(console));
        root.Subcommands.Add(ParseCommand.Create(console));
        root.Subcommands.Add(JudgeCommand.Create(console));
        root.Subcommands.Add(MergeCommand.Create(console));
        root.Subcommands.Add(ServeCommand.Create(console));
        root.Subcommands.Add(DemoCommand.Create(console));
        root.Subcommands.Add(TokenizeCommand.Create(console));
        root.Subcommands.Add(BenchCommand.Create(console));
        root.Subcommands.Add(BenchHttpCommand.Create(console));
        root.Subcommands.Add(BenchBankCommand.Create(console));
        root.Subcommands.Add(MakeModelCommand.Create(console));
        root.Subcommands.Add(Commands.LogicKor.LogicKorCommand.Create(console));
        root.Subcommands.Add(MetaCommand.Create(console));
        root.Subcommands.Add(KudgeItemsCommand.Create(console));
        return root;
    }

    public static Task<int> InvokeAsync(string[] args, CliConsole console, CancellationToken cancellationToken = default)
    {
        var configuration = new InvocationConfiguration { Output = console.Out, Error = console.Error };
        return Build(console).Parse(args).InvokeAsync(configuration, cancellationToken);
    }
}
