using KoJudge.Datasets;

namespace KoJudge.Runs;

/// <summary>
/// An output file as a rerun finds it: the rows already written, by id with their request hash. A run killed while
/// writing leaves a torn last line; it is cut off here (its item was in flight, and is judged again).
/// </summary>
public sealed class ResultFile
{
    private ResultFile(IReadOnlyDictionary<string, string?> hashById, IReadOnlySet<string> failedIds, bool repairedTornLine)
    {
        HashById = hashById;
        FailedIds = failedIds;
        RepairedTornLine = repairedTornLine;
    }

    public IReadOnlyDictionary<string, string?> HashById { get; }

    /// <summary>The ids whose rows have no score.</summary>
    public IReadOnlySet<string> FailedIds { get; }

    public bool RepairedTornLine { get; }

    /// <param name="repair">
    /// Cut a torn last line off the file. Without it the file is only read, the torn line passed over: a command checks
    /// its output this way before loading an engine, and repairs it when the run starts.
    /// </param>
    public static ResultFile Open(string path, bool repair = true)
    {
        if (!File.Exists(path))
        {
            return new ResultFile(new Dictionary<string, string?>(), new HashSet<string>(), repairedTornLine: false);
        }
        var repaired = repair && RepairTornLine(path);
        var torn = !repair && EndsTorn(path);
        var hashById = new Dictionary<string, string?>(StringComparer.Ordinal);
        var failedIds = new HashSet<string>(StringComparer.Ordinal);
        var lines = JsonLinesReader.ReadLines(path);
        // A torn line is the last one; lagging one line behind leaves it unread.
        foreach (var (line, text) in torn ? lines.SkipLast(1) : lines)
        {
            using var json = JsonRow.Parse(path, line, text);
            var row = new JsonRow(path, line, json.RootElement);
            var id = row.RequiredString("id", allowEmpty: false);
            if (!hashById.TryAdd(id, row.OptionalString("request_hash")))
            {
                throw row.Fail("id", $"the output already holds id '{id}' twice; it was not written by one KoJudge run");
            }
            if (!row.Has("score"))
            {
                failedIds.Add(id);
            }
        }
        return new ResultFile(hashById, failedIds, repaired);
    }

    /// <summary>
    /// Takes the rows of <paramref name="ids"/> out of the file at <paramref name="path"/> (this file's) and returns what
    /// is left, without reading the file again.
    /// </summary>
    public ResultFile DropRows(string path, IReadOnlySet<string> ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        DropRows(path, (line, text) =>
        {
            using var json = JsonRow.Parse(path, line, text);
            return ids.Contains(new JsonRow(path, line, json.RootElement).RequiredString("id"));
        });
        return new ResultFile(
            HashById.Where(pair => !ids.Contains(pair.Key)).ToDictionary(StringComparer.Ordinal),
            FailedIds.Except(ids).ToHashSet(StringComparer.Ordinal),
            RepairedTornLine);
    }

    /// <summary>
    /// Rewrites a JSONL file without the lines <paramref name="drop"/> picks (given each line's number and text), through
    /// a new file moved over the old one, so a kill at any moment leaves either the old file or the new one whole; the
    /// lines kept are written as they were read. Returns how many lines were dropped.
    /// </summary>
    public static int DropRows(string path, Func<int, string, bool> drop)
    {
        ArgumentNullException.ThrowIfNull(drop);
        var rewritten = path + ".rewrite";
        var dropped = 0;
        using (var writer = new StreamWriter(rewritten, append: false, new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false)))
        {
            foreach (var (line, text) in JsonLinesReader.ReadLines(path))
            {
                if (drop(line, text))
                {
                    dropped++;
                    continue;
                }
                writer.Write(text);
                writer.Write('\n');
            }
            writer.Flush();
            ((FileStream)writer.BaseStream).Flush(flushToDisk: true);
        }
        File.Move(rewritten, path, overwrite: true);
        return dropped;
    }

    private static bool EndsTorn(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        if (stream.Length == 0)
        {
            return false;
        }
        stream.Position = stream.Length - 1;
        return stream.ReadByte() != '\n';
    }

    /// <summary>Cuts the file after its last newline, where a write was interrupted. True where something was cut.</summary>
    public static bool RepairTornLine(string path)
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
