using System.Text.Json;
using KoJudge.Cli.Tests.Support;
using KoJudge.TestSupport;

namespace KoJudge.Cli.Tests.Commands.LogicKor;

public sealed class LogicKorGenerateCommandTests
{
    [Fact]
    public async Task A_killed_generation_resumes_and_a_larger_limit_adds_only_the_new_questions()
    {
        await using var server = await ScriptedOpenAIServer.StartAsync((_, _) => new ScriptedReply.Text("답변입니다."));
        var answers = Path.Combine(Directory.CreateTempSubdirectory("kojudge-generate-").FullName, "answers.jsonl");
        Task<CliRun> Generate(int limit) => CliRun.InvokeAsync(
            ["logickor", "generate", "--logickor", SharedData.PathOf("data", "logickor"), "--limit", $"{limit}", "--output", answers,
             "--endpoint", server.BaseAddress + "v1", "--model", "m"]);

        (await Generate(4)).AssertExit(ExitCodes.Success);
        var firstRows = File.ReadAllLines(answers);
        // As if killed: two rows written, a third torn.
        File.WriteAllText(answers, string.Join('\n', firstRows.Take(2)) + "\n" + firstRows[2][..30]);
        var before = server.Requests.Count;
        var resumed = await Generate(4);
        var afterResume = server.Requests.Count;
        var extended = await Generate(6);

        resumed.AssertExit(ExitCodes.Success);
        Assert.Contains("cut off a torn last line", resumed.Error, StringComparison.Ordinal);
        Assert.Contains("2 already in", resumed.Error, StringComparison.Ordinal);
        Assert.Equal(4, afterResume - before);
        extended.AssertExit(ExitCodes.Success);
        Assert.Contains("4 already in", extended.Error, StringComparison.Ordinal);
        Assert.Equal(4, server.Requests.Count - afterResume);
        var ids = File.ReadAllLines(answers).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("id").GetInt32()).Order().ToList();
        Assert.Equal([1, 2, 3, 4, 5, 6], ids);
        Assert.Equal(firstRows.Take(2), File.ReadAllLines(answers).Take(2));
    }
}
