using System.Diagnostics;
using KoJudge.TestSupport;

namespace KoJudge.Cli.Tests.Support;

/// <summary><c>kojudge</c> as a real process, run from the tool's own build output.</summary>
internal static class ToolProcess
{
    public static Process Start(IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        // The test folder mixes in ASP.NET's framework; the tool's own folder has its own dependencies.
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        var tool = Path.Combine(SharedData.RepositoryRoot(), "src", "KoJudge.Cli", "bin", configuration, "net10.0", "KoJudge.Cli.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(tool);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        start.Environment["KOJUDGE_CACHE_DIR"] = Path.Combine(Path.GetTempPath(), $"kojudge-test-cache-{Guid.NewGuid():N}");
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }
        return Process.Start(start)!;
    }

    public static async Task SignalAsync(Process process, string signal)
    {
        using var kill = Process.Start("kill", [$"-{signal}", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync();
    }
}
