using System.Text;
using System.Text.Json;
using KoJudge.Datasets;
using KoJudge.Judging;

namespace KoJudge.Tests.Datasets;

public sealed class JsonLinesWriterTests
{
    [Fact]
    public async Task Writes_one_readable_row_per_result_with_every_field()
    {
        var path = Path.GetTempFileName();
        await using (var writer = new JsonLinesWriter<JudgeResult>(path))
        {
            await writer.WriteAsync(new JudgeResult { Id = "a", Score = 4, Feedback = "좋다", Attempts = 1, Raw = "좋다 [RESULT] 4" }, TestContext.Current.CancellationToken);
            await writer.WriteAsync(new JudgeResult { Id = "b", Error = "no verdict", ErrorKind = ErrorKind.NoVerdict, Attempts = 3 }, TestContext.Current.CancellationToken);
        }

        var lines = File.ReadAllLines(path, Encoding.UTF8);

        Assert.Equal(2, lines.Length);
        Assert.Contains("\"feedback\":\"좋다\"", lines[0], StringComparison.Ordinal);
        using var row = JsonDocument.Parse(lines[1]);
        Assert.Equal(
            ["id", "request_hash", "category", "score", "feedback", "error", "error_kind", "attempts", "truncated", "raw", "probabilities", "expected_score"],
            row.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal(JsonValueKind.Null, row.RootElement.GetProperty("score").ValueKind);
        Assert.Equal("no verdict", row.RootElement.GetProperty("error").GetString());
        Assert.Equal("no_verdict", row.RootElement.GetProperty("error_kind").GetString());
        using var scored = JsonDocument.Parse(lines[0]);
        Assert.Equal(JsonValueKind.Null, scored.RootElement.GetProperty("error_kind").ValueKind);
    }
}
