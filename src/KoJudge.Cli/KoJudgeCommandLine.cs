using System.CommandLine;
using System.CommandLine.Help;
using KoJudge.Cli.Commands;
using KoJudge.Cli.Failures;

namespace KoJudge.Cli;

/// <summary>The <c>kojudge</c> command tree: one command class per verb.</summary>
public static class KoJudgeCommandLine
{
    public static Command Build(CliConsole console)
    {
        // A named Command rather than RootCommand, whose name is the assembly's (KoJudge.Cli, kept apart from
        // the core's KoJudge.dll because assembly names ignore letter case): help must say "kojudge".
        var root = new Command(
            RootName,
            "kojudge: judge Korean LLM answers with the Korean Prometheus judge (Llama-3-Korean-Bllossom-8B + ko-prometheus LoRA), "
            + "or any judge behind an OpenAI-compatible server. Scores run from 1 to 5; a reply without a verdict is reported, never guessed.");
        // Every command's help, grouped and at 80 columns, from the help option every command inherits from the root.
        root.Options.Add(new HelpOption { Action = new Help.GroupedHelpAction() });
        root.Options.Add(new VersionOption());
        root.Subcommands.Add(PromptCommand.Create(console));
        root.Subcommands.Add(ParseCommand.Create(console));
        root.Subcommands.Add(JudgeCommand.Create(console));
        root.Subcommands.Add(CompareCommand.Create(console));
        root.Subcommands.Add(MergeCommand.Create(console));
        root.Subcommands.Add(ServeCommand.Create(console));
        root.Subcommands.Add(DemoCommand.Create(console));
        root.Subcommands.Add(TokenizeCommand.Create(console));
        root.Subcommands.Add(BenchCommand.Create(console));
        root.Subcommands.Add(BenchHttpCommand.Create(console));
        root.Subcommands.Add(BenchBankCommand.Create(console));
        root.Subcommands.Add(BenchConvertCommand.Create(console));
        root.Subcommands.Add(MakeModelCommand.Create(console));
        root.Subcommands.Add(ConvertCommand.Create(console));
        root.Subcommands.Add(Commands.LogicKor.LogicKorCommand.Create(console));
        root.Subcommands.Add(MetaCommand.Create(console));
        root.Subcommands.Add(RankCommand.Create(console));
        root.Subcommands.Add(KudgeItemsCommand.Create(console));
        root.Subcommands.Add(GoldPairsCommand.Create(console));
        root.Subcommands.Add(TrainCommand.Create());
        return Guarded(root, console);
    }

    public static Task<int> InvokeAsync(string[] args, CliConsole console, CancellationToken cancellationToken = default) =>
        InvokeAsync(Build(console), args, console, cancellationToken);

    /// <summary>Runs <paramref name="root"/> (made by <see cref="Guarded"/>) on <paramref name="args"/>.</summary>
    internal static Task<int> InvokeAsync(Command root, string[] args, CliConsole console, CancellationToken cancellationToken = default) =>
        InvokeAsync(root, args, console, terminationGrace: null, cancellationToken);

    /// <inheritdoc cref="InvokeAsync(Command, string[], CliConsole, CancellationToken)"/>
    /// <param name="terminationGrace">
    /// How long Ctrl+C or SIGTERM waits for the cancelled action to finish before the process exits anyway;
    /// System.CommandLine's default (2 s) where null.
    /// </param>
    internal static async Task<int> InvokeAsync(Command root, string[] args, CliConsole console, TimeSpan? terminationGrace, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(args);
        // Off, so that no stack trace reaches a user: the actions are guarded, and this catches what fails outside them.
        var configuration = new InvocationConfiguration { Output = console.Out, Error = console.Error, EnableDefaultExceptionHandler = false };
        if (terminationGrace is { } grace)
        {
            configuration.ProcessTerminationTimeout = grace;
        }
        try
        {
            // kojudge train's arguments are kojudge-train's, --help and --verbose included: they go there unparsed.
            if (args is [TrainCommand.Name, .. var trainArgs] && root.Name == RootName)
            {
                return await TrainCommand.ForwardAsync(trainArgs, console, cancellationToken).ConfigureAwait(false);
            }
            var parse = root.Parse(args);
            // Replaced once here for every command: a usage error is one line and a pointer to the help, exit 1.
            if (parse.Action is System.CommandLine.Invocation.ParseErrorAction && parse.Errors.Count > 0)
            {
                return UsageError.Report(console, parse);
            }
            return await parse.InvokeAsync(configuration, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            console.Error.WriteLine("cancelled.");
            return ExitCodes.Cancelled;
        }
        catch (Exception e)
        {
            return UnexpectedFailure.Report(console, e, args.Contains(VerboseName), args);
        }
    }

    private const string VerboseName = "--verbose";

    private const string RootName = "kojudge";

    /// <summary>The columns every help text fits.</summary>
    public const int HelpWidth = 80;

    /// <summary>Adds <c>--verbose</c> to every command and guards every action, so no command's failure shows a stack trace.</summary>
    internal static Command Guarded(Command root, CliConsole console)
    {
        ArgumentNullException.ThrowIfNull(root);
        var verbose = new Option<bool>(VerboseName)
        {
            Description = $"On an unexpected failure, also write its details (the whole exception) to a file under the cache folder, and name it ({UnexpectedFailure.DebugVariable}=1 does the same).",
            Recursive = true,
        };
        root.Options.Add(verbose);
        Guard(root, console, verbose);
        return root;
    }

    private static void Guard(Command command, CliConsole console, Option<bool> verbose)
    {
        if (command.Action is { } action and not GuardedCommandAction)
        {
            command.Action = new GuardedCommandAction(action, console, verbose);
        }
        foreach (var subcommand in command.Subcommands)
        {
            Guard(subcommand, console, verbose);
        }
    }
}
