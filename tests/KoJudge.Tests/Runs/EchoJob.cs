using KoJudge.Datasets;
using KoJudge.Judging;
using KoJudge.Runs;

namespace KoJudge.Tests.Runs;

/// <summary>
/// The smallest job the runner can run, so its tests see the runner alone: the row of an input is its text upper-cased,
/// or, for a text starting with "fail:", a failure of the kind named after it. Its hash is the settings and the text.
/// </summary>
internal sealed class EchoJob(string output, string settings = "v1", Func<EchoInput, CancellationToken, Task>? before = null) : IRunJob<EchoInput, EchoRow>
{
    private readonly List<string> ran = [];

    /// <summary>The ids of the inputs run, in the order they started.</summary>
    public IReadOnlyList<string> Ran
    {
        get
        {
            lock (ran)
            {
                return [.. ran];
            }
        }
    }

    public static string Line(string id, string? result, string hash, string? kind = null) =>
        $"{{\"id\":\"{id}\",\"result\":{(result is null ? "null" : $"\"{result}\"")},\"error_kind\":{(kind is null ? "null" : $"\"{kind}\"")},\"request_hash\":\"{hash}\"}}";

    public string HashOf(string text) => $"{settings}:{text}";

    public string IdOf(EchoInput input) => input.Id;

    public string OutputOf(EchoInput input) => input.Output ?? output;

    public string RequestHashOf(EchoInput input) => HashOf(input.Text);

    public async ValueTask<EchoRow> RunAsync(EchoInput input, CancellationToken cancellationToken)
    {
        lock (ran)
        {
            ran.Add(input.Id);
        }
        if (before is not null)
        {
            await before(input, cancellationToken);
        }
        return input.Text.StartsWith("fail:", StringComparison.Ordinal)
            ? new EchoRow(input.Id, null, Enum.Parse<ErrorKind>(input.Text["fail:".Length..]))
            : new EchoRow(input.Id, input.Text.ToUpperInvariant());
    }

    public EchoRow WithRequestHash(EchoRow row, string requestHash) => row with { RequestHash = requestHash };

    public RowOutcome OutcomeOf(EchoRow row) => new(row.Result is not null, row.ErrorKind, Attempts: 1, FromCache: false);

    public WrittenRow ReadWritten(string path, int line, string text)
    {
        using var json = JsonRow.Parse(path, line, text);
        var row = new JsonRow(path, line, json.RootElement);
        return new WrittenRow(row.RequiredString("id"), row.OptionalString("request_hash"), !row.Has("result"), row.OptionalEnum<ErrorKind>("error_kind"));
    }
}
