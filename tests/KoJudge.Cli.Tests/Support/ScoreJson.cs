using System.Text.Json.Nodes;

namespace KoJudge.Cli.Tests.Support;

/// <summary>Runs <c>kojudge logickor score … --json FILE</c> and reads back what it wrote.</summary>
internal static class ScoreJson
{
    /// <returns>The run, and the JSON file's text (empty where none was written).</returns>
    public static async Task<(CliRun Run, string Json)> InvokeAsync(string[] args)
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("kojudge-score-json-").FullName, "score.json");
        var run = await CliRun.InvokeAsync([.. args, "--json", path]);
        return (run, File.Exists(path) ? await File.ReadAllTextAsync(path, TestContext.Current.CancellationToken) : "");
    }

    /// <summary>The leaderboard's rows, section after section, each as its own JSON text.</summary>
    public static List<string> Rows(string json) =>
        JsonNode.Parse(json)!["sections"]!.AsArray().SelectMany(s => s!["rows"]!.AsArray()).Select(r => r!.ToJsonString()).ToList();
}
