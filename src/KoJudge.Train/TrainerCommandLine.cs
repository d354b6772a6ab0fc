using System.CommandLine;
using System.CommandLine.Help;
using KoJudge.Cli;
using KoJudge.Cli.Commands;
using KoJudge.Cli.Failures;
using KoJudge.Cli.Help;

namespace KoJudge.Train;

/// <summary>
/// The <c>kojudge-train</c> command line (which <c>kojudge train</c> runs): one command, with kojudge's grouped help,
/// usage errors, guarded actions, <c>--verbose</c> and exit codes.
/// </summary>
public static class TrainerCommandLine
{
    /// <summary>
    /// How long Ctrl+C waits for the run: without end, since the step under way finishes and a checkpoint is written,
    /// which on a large model takes longer than System.CommandLine's 2 s; cut short, the step and the save are lost.
    /// </summary>
    private static readonly TimeSpan TerminationGrace = Timeout.InfiniteTimeSpan;

    public static Command Build(CliConsole console)
    {
        ArgumentNullException.ThrowIfNull(console);
        var flags = new TrainerFlags();
        var root = new Command(
            TrainCommand.ToolName,
            "Train a LoRA adapter for a Llama judge (kojudge train runs this): supervised fine-tuning on rows rendered with "
            + "the judge's absolute-grading prompt and Llama-3 chat template, the loss on 'Feedback: … [RESULT] n' alone. "
            + "Writes a PEFT adapter; a rerun of the same command resumes from the last checkpoint; Ctrl+C saves one.");
        foreach (var option in flags.All)
        {
            root.Options.Add(option);
        }
        // kojudge's help, headings and all: a flag sits under the same heading in both tools.
        root.Options.Add(new HelpOption { Action = new GroupedHelpAction() });
        root.Options.Add(new VersionOption());
        root.SetAction((parse, cancellationToken) => RunAsync(parse, flags, console, cancellationToken));
        return KoJudgeCommandLine.Guarded(root, console);
    }

    public static Task<int> InvokeAsync(string[] args, CliConsole console, CancellationToken cancellationToken = default) =>
        KoJudgeCommandLine.InvokeAsync(Build(console), args, console, TerminationGrace, cancellationToken);

    private static async Task<int> RunAsync(ParseResult parse, TrainerFlags flags, CliConsole console, CancellationToken cancellationToken)
    {
        // Flags that parse but do not go together: a usage error, as kojudge reports one.
        if (parse.GetValue(flags.EvalEvery) is not null && parse.GetValue(flags.Eval) is null)
        {
            return UsageError.Report(console, parse, "--eval-every needs --eval FILE, the rows to evaluate on");
        }
        var baseDirectory = parse.GetValue(flags.Base)!.FullName;
        var settings = new TrainingRunSettings(
            baseDirectory,
            parse.GetValue(flags.Data)!.FullName,
            parse.GetValue(flags.Eval)?.FullName,
            parse.GetValue(flags.Output)!.FullName,
            parse.GetValue(flags.Json)?.FullName,
            flags.Options(parse, Path.GetFileName(Path.TrimEndingDirectorySeparator(baseDirectory))));
        // On the thread pool: System.CommandLine listens for Ctrl+C only once the action has returned its task, and
        // reading rows and training run synchronously, so inline they would finish (or die of the signal) before that.
        return await Task.Run(() => new TrainingRun(console, settings).RunAsync(cancellationToken), CancellationToken.None).ConfigureAwait(false);
    }
}
