using System.Globalization;
using System.Reflection;

namespace KoJudge.Cli.Failures;

/// <summary>
/// What a user sees of a failure no command foresaw: one line with its message, never a stack trace. The details
/// (the whole exception) go to a file only when <c>--verbose</c> or <c>KOJUDGE_DEBUG</c> asks, and the line says where.
/// </summary>
public static class UnexpectedFailure
{
    public const string DebugVariable = "KOJUDGE_DEBUG";

    /// <summary>Writes the line (and, where asked, the details file) and returns the exit code of an unexpected failure.</summary>
    /// <param name="verbose">Whether <c>--verbose</c> was given.</param>
    /// <param name="args">The command line, for the details file.</param>
    public static int Report(CliConsole console, Exception exception, bool verbose, IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(exception);
        var cause = Innermost(exception);
        var message = cause.Message.ReplaceLineEndings(" ").Trim().TrimEnd('.');
        if (message.Length == 0)
        {
            message = cause.GetType().Name;
        }
        var where = verbose || DetailsAsked(console)
            ? WriteDetails(console, exception, args)
            : $"run with --verbose or {DebugVariable}=1 for the details";
        console.Error.WriteLine($"error: {message} (an unexpected failure; {where})");
        return ExitCodes.Failure;
    }

    private static bool DetailsAsked(CliConsole console) => console.GetEnvironmentVariable(DebugVariable) is { Length: > 0 } value && value != "0";

    // The exception a task or a reflection call wrapped is the one whose message means something.
    private static Exception Innermost(Exception exception)
    {
        while (exception is AggregateException { InnerExceptions.Count: 1 } or TargetInvocationException or TypeInitializationException
            && exception.InnerException is { } inner)
        {
            exception = inner;
        }
        return exception;
    }

    /// <summary>Writes the details under the cache folder, else the temp folder, and says where (or why nowhere).</summary>
    private static string WriteDetails(CliConsole console, Exception exception, IReadOnlyList<string> args)
    {
        var version = typeof(UnexpectedFailure).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        var now = DateTimeOffset.UtcNow;
        var details = $"kojudge {version} failed at {now.ToString("O", CultureInfo.InvariantCulture)}\n"
            + $"command: kojudge {string.Join(' ', args)}\n\n{exception}\n";
        var name = $"failure-{now.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..8]}.txt";
        string? reason = null;
        foreach (var folder in new[] { Path.Combine(Caching.CacheDirectory.Of(console.GetEnvironmentVariable), "failures"), Path.Combine(Path.GetTempPath(), "kojudge-failures") })
        {
            var path = Path.Combine(folder, name);
            try
            {
                Directory.CreateDirectory(folder);
                File.WriteAllText(path, details);
                return $"the details are in {path}";
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                reason ??= e.Message.TrimEnd('.');
            }
        }
        return $"its details could not be written ({reason})";
    }
}
