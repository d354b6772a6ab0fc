namespace KoJudge.Cli.Paths;

/// <summary>An optional report a command writes whole (<c>--json</c>, <c>--report</c>, <c>--html</c>), named on stderr once written.</summary>
public static class ReportFile
{
    /// <param name="render">Makes the text; called only where a file was asked for.</param>
    public static void WriteIfAsked(FileInfo? file, Func<string> render, CliConsole console)
    {
        ArgumentNullException.ThrowIfNull(render);
        ArgumentNullException.ThrowIfNull(console);
        if (file is null)
        {
            return;
        }
        WholeFileWriter.WriteText(file.FullName, render());
        console.Error.WriteLine($"wrote {file.FullName}");
    }
}
