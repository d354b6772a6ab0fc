using System.Text.Json;
using KoJudge.Prompts;

namespace KoJudge.Cli.Tests.Support;

/// <summary>The seed's worked example as <c>kojudge prompt --chat</c> renders it, and the ids Hugging Face's Llama-3 tokenizer gives it.</summary>
internal static class SeedExampleTokens
{
    public static async Task<string> ChatPromptAsync()
    {
        using var seed = JsonDocument.Parse(KoPrometheusSeed.ReadRawJson());
        var example = seed.RootElement.GetProperty("example");
        var prompt = await CliRun.InvokeAsync(
            ["prompt", "--rubric", "math", "--chat",
             "--instruction", example.GetProperty("instruction").GetString()!,
             "--response", example.GetProperty("response").GetString()!,
             "--reference", example.GetProperty("reference").GetString()!]);
        prompt.AssertExit(ExitCodes.Success);
        return prompt.Out;
    }

    /// <summary>The fixture's ids: 620 of them, from the package's own tokenizer in Node.</summary>
    public static int[] HuggingFaceIds()
    {
        using var fixture = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "seed-example-llama3-ids.json")));
        return [.. fixture.RootElement.GetProperty("ids").EnumerateArray().Select(e => e.GetInt32())];
    }
}
