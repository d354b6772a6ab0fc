using System.CommandLine;
using System.CommandLine.Invocation;

namespace KoJudge.Cli.Failures;

/// <summary>
/// A command's action with its unexpected failures caught, where the command's own cancellation token is known: a
/// cancelled run exits 130 however its cancellation surfaced, and any other exception becomes one line and exit 1
/// (<see cref="UnexpectedFailure"/>) instead of System.CommandLine's stack trace.
/// </summary>
public sealed class GuardedCommandAction(CommandLineAction inner, CliConsole console, Option<bool> verbose) : AsynchronousCommandLineAction
{
    public override async Task<int> InvokeAsync(ParseResult parseResult, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        try
        {
            return inner switch
            {
                SynchronousCommandLineAction action => action.Invoke(parseResult),
                AsynchronousCommandLineAction action => await action.InvokeAsync(parseResult, cancellationToken).ConfigureAwait(false),
                _ => throw new InvalidOperationException($"an action of an unknown kind: {inner.GetType().Name}"),
            };
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            console.Error.WriteLine("cancelled.");
            return ExitCodes.Cancelled;
        }
        catch (Exception e)
        {
            return UnexpectedFailure.Report(console, e, parseResult.GetValue(verbose), parseResult.Tokens.Select(t => t.Value).ToList());
        }
    }
}
