using System.Text.Json;

namespace KoJudge.Cli.Tests.Support;

/// <summary>A moment to kill a run at: once its outputs hold <paramref name="Rows"/> whole rows, <paramref name="Delay"/> later.</summary>
internal readonly record struct KillMoment(int Rows, TimeSpan Delay)
{
    private static readonly TimeSpan LongestDelay = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// <paramref name="kills"/> moments drawn from <paramref name="seed"/> and spread over a run of <paramref name="rows"/>
    /// rows: the counts from 0 to <paramref name="rows"/> less <paramref name="margin"/> cut into <paramref name="kills"/>
    /// equal stretches and one count drawn from each, each with a delay of up to 250 ms that lands the kill anywhere in a
    /// row's work. Where a run starts with its moment's rows already written, it is killed that delay after it started:
    /// while it plans, repairs or loads its model.
    /// </summary>
    /// <param name="margin">Rows left after the last moment, so that a run is still at work when its moment comes.</param>
    public static IReadOnlyList<KillMoment> Spread(int seed, int kills, int rows, int margin)
    {
        var random = new Random(seed);
        var counts = rows - margin + 1;
        return Enumerable.Range(0, kills)
            .Select(k => new KillMoment(random.Next(counts * k / kills, counts * (k + 1) / kills), random.Next((int)LongestDelay.TotalMilliseconds) * TimeSpan.FromMilliseconds(1)))
            .ToList();
    }
}

/// <summary>
/// The kill soak: a resumable <c>kojudge</c> command as a real process, killed with SIGKILL at each of its moments and
/// run again, then run to its end. What each kill left in the outputs (their whole lines once the killed process is gone:
/// every row written before the kill, and any it wrote while dying) is kept, so that
/// <see cref="AssertEachIdOnceAndEveryRowAKillLeftKept"/> can hold the end against it.
/// </summary>
internal sealed class KillSoak
{
    private const int SigkillExitCode = 128 + 9;
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(15);

    private readonly string outputs;
    private readonly List<IReadOnlyDictionary<string, byte[]>> leftByKills = [];
    private readonly Dictionary<string, long> tornAt = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (long Length, int Rows)> counted = new(StringComparer.Ordinal);

    private KillSoak(string outputs) => this.outputs = outputs;

    /// <param name="command">The command, the same for every run, as a user reruns it after a kill.</param>
    /// <param name="outputs">Its output: a JSONL file, or a folder of them.</param>
    public static async Task<KillSoak> RunAsync(
        IReadOnlyList<string> command, string outputs, IReadOnlyList<KillMoment> moments, IReadOnlyDictionary<string, string>? environment = null)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var log = TestContext.Current.TestOutputHelper;
        var soak = new KillSoak(outputs);
        // The runs the kill stopped; the others had finished before their moment came.
        var landed = 0;
        foreach (var (moment, run) in moments.Select((m, i) => (m, i + 1)))
        {
            using var process = ToolProcess.Start(command, environment);
            var printed = Task.WhenAll(process.StandardOutput.ReadToEndAsync(cancellationToken), process.StandardError.ReadToEndAsync(cancellationToken));
            while (!process.HasExited && soak.WholeRows() < moment.Rows)
            {
                await Task.Delay(Poll, cancellationToken);
            }
            if (!process.HasExited)
            {
                await Task.Delay(moment.Delay, cancellationToken);
                process.Kill();
            }
            await process.WaitForExitAsync(cancellationToken);
            var error = (await printed)[1];
            var left = soak.Read(wholeLinesOnly: true);
            soak.leftByKills.Add(left);
            soak.tornAt.Clear();
            foreach (var (output, _) in left.Where(l => new FileInfo(l.Key).Length > l.Value.Length))
            {
                soak.tornAt[output] = new FileInfo(output).Length;
            }
            var killed = process.ExitCode == SigkillExitCode;
            landed += killed ? 1 : 0;
            log?.WriteLine($"run {run}: moment {moment.Rows} rows + {moment.Delay.TotalMilliseconds} ms; "
                + (killed ? "killed" : $"exited {process.ExitCode}") + $" with {left.Values.Sum(b => CountLines(b))} rows" + (soak.tornAt.Count > 0 ? $" and {soak.tornAt.Count} torn lines" : ""));
            // A run the kill did not reach has finished its work; one that stopped of itself otherwise crashed.
            Assert.True(killed || process.ExitCode == ExitCodes.Success, $"run {run} exited {process.ExitCode} before its kill:\n{error}");
        }
        using var last = ToolProcess.Start(command, environment);
        var lastPrinted = Task.WhenAll(last.StandardOutput.ReadToEndAsync(cancellationToken), last.StandardError.ReadToEndAsync(cancellationToken));
        await last.WaitForExitAsync(cancellationToken);
        var lastError = (await lastPrinted)[1];
        log?.WriteLine($"{landed} of {moments.Count} kills landed; the last run: {lastError.TrimEnd().Split('\n')[^1]}");
        Assert.True(last.ExitCode == ExitCodes.Success, $"the run after the last kill exited {last.ExitCode}:\n{lastError}");
        return soak;
    }

    /// <summary>
    /// Each output holds each of its ids exactly once, every line parses and ends in a newline, and every whole line that
    /// any kill left is still there, byte for byte and in its place: a kill may only lose a torn last line.
    /// </summary>
    /// <param name="idsByOutput">Each output file and the ids of the inputs it is for.</param>
    public void AssertEachIdOnceAndEveryRowAKillLeftKept(IReadOnlyDictionary<string, IReadOnlyList<string>> idsByOutput, Func<JsonElement, string> idOf)
    {
        var final = Read(wholeLinesOnly: false);
        Assert.Equal(idsByOutput.Keys.Order(StringComparer.Ordinal), final.Keys.Order(StringComparer.Ordinal));
        foreach (var (output, bytes) in final)
        {
            Assert.True(bytes.Length == 0 || bytes[^1] == (byte)'\n', $"{output} ends in a torn line");
            var ids = new List<string>();
            for (int start = 0, number = 1, end; (end = Array.IndexOf(bytes, (byte)'\n', start)) >= 0; start = end + 1, number++)
            {
                // Parsed from its bytes, so invalid UTF-8 fails too.
                var line = bytes.AsMemory(start, end - start);
                try
                {
                    using var row = JsonDocument.Parse(line);
                    ids.Add(idOf(row.RootElement));
                }
                catch (JsonException e)
                {
                    Assert.Fail($"{output}:{number} does not parse ({e.Message}): {System.Text.Encoding.UTF8.GetString(line.Span)}");
                }
            }
            var twice = ids.GroupBy(id => id, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
            Assert.True(twice.Count == 0, $"{output} holds ids more than once: {string.Join(", ", twice)}");
            Assert.Equal(idsByOutput[output].Order(StringComparer.Ordinal), ids.Order(StringComparer.Ordinal));
        }
        foreach (var (left, kill) in leftByKills.Select((l, i) => (l, i + 1)))
        {
            foreach (var (output, bytes) in left)
            {
                var same = final[output].AsSpan().CommonPrefixLength(bytes);
                Assert.True(
                    same == bytes.Length,
                    $"kill {kill} left {CountLines(bytes)} whole rows in {output}; the end has changed or lost row {CountLines(bytes.AsSpan(0, same)) + 1}");
            }
        }
    }

    // The whole rows in the outputs now, while a run writes them, read again only where an output's length has changed. An
    // output the last kill left torn is not opened while it still has the torn length: the run cuts the torn line off
    // first, under an exclusive lock that a reader's would refuse.
    private int WholeRows()
    {
        var rows = 0;
        foreach (var output in OutputFiles())
        {
            var length = new FileInfo(output).Length;
            if (!counted.TryGetValue(output, out var known) || known.Length != length)
            {
                known = (length, tornAt.TryGetValue(output, out var torn) && torn == length ? CountLines(leftByKills[^1][output]) : CountLines(ReadFile(output, wholeLinesOnly: true)));
                counted[output] = known;
            }
            rows += known.Rows;
        }
        return rows;
    }

    private Dictionary<string, byte[]> Read(bool wholeLinesOnly)
    {
        var read = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var output in OutputFiles())
        {
            read[output] = ReadFile(output, wholeLinesOnly);
        }
        return read;
    }

    private string[] OutputFiles() =>
        File.Exists(outputs) ? [outputs] : Directory.Exists(outputs) ? Directory.GetFiles(outputs, "*.jsonl", SearchOption.AllDirectories) : [];

    private static byte[] ReadFile(string path, bool wholeLinesOnly)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        var bytes = memory.ToArray();
        return wholeLinesOnly ? bytes[..(Array.LastIndexOf(bytes, (byte)'\n') + 1)] : bytes;
    }

    private static int CountLines(ReadOnlySpan<byte> bytes) => bytes.Count((byte)'\n');
}
