using System.Diagnostics;

namespace KoJudge.Cli.Tests.Support;

/// <summary>Debian's Chromium, headless, with the flags this network needs (its background connections fail otherwise).</summary>
internal static class HeadlessChromium
{
    private const string Executable = "/usr/bin/chromium";

    public static async Task<string> RunAsync(params string[] arguments)
    {
        Assert.True(File.Exists(Executable), $"{Executable} is missing: install Debian's chromium and fonts-nanum (the test build does so as root).");
        var profile = Directory.CreateTempSubdirectory("kojudge-chromium-").FullName;
        var start = new ProcessStartInfo(Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var flag in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", $"--user-data-dir={profile}" }.Concat(arguments))
        {
            start.ArgumentList.Add(flag);
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        _ = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        Assert.Equal(0, process.ExitCode);
        return await output;
    }
}
