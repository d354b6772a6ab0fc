using KoJudge.Datasets;

namespace KoJudge.Runs;

/// <summary>
/// An output file as a rerun finds it: the rows already written, by id with their request hash. A run killed while
/// writing leaves a torn last line; it is cut off here (its item was in flight, and is judged again).
/// </summary>
public sealed class ResultFile
{
    private ResultFile(IReadOnlyDictionary<string, string?> hashById, bool repairedTornLine)
    {
        HashById = hashById;
        RepairedTornLine = repairedTornLine;
    }

    public IReadOnlyDictionary<string, string?> HashById { get; }

    public bool RepairedTornLine { get; }

    public static ResultFile Open(string path)
    {
        if (!File.Exists(path))
        {
            return new ResultFile(new Dictionary<string, string?>(), repairedTornLine: false);
        }
        var repaired = RepairTornLine(path);
        var hashById = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (line, text) in JsonLinesReader.ReadLines(path))
        {
            using var json = JsonRow.Parse(path, line, text);
            var row = new JsonRow(path, line, json.RootElement);
            var id = row.RequiredString("id", allowEmpty: false);
            if (!hashById.TryAdd(id, row.OptionalString("request_hash")))
            {
                throw row.Fail("id", $"the output already holds id '{id}' twice; it was not written by one KoJudge run");
            }
        }
        return new ResultFile(hashById, repaired);
    }

    /// <summary>Cuts the file after its last newline, where a write was interrupted. True where something was cut.</summary>
    private static bool RepairTornLine(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
        if (stream.Length == 0)
        {
            return false;
        }
        var keep = stream.Length;
        var one = new byte[1];
        while (keep > 0)
        {
            stream.Position = keep - 1;
            stream.ReadExactly(one);
            if (one[0] == (byte)'\n')
            {
                break;
            }
            keep--;
        }
        if (keep == stream.Length)
        {
            return false;
        }
        stream.SetLength(keep);
        return true;
    }
}
