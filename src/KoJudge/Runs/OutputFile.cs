using KoJudge.Datasets;

namespace KoJudge.Runs;

/// <summary>
/// An output file as a rerun finds it: the rows already written, by id. Reading never changes the file; a run killed
/// while writing leaves a torn last line, which is passed over here (its input was in flight and is run again) and cut
/// off by <see cref="RepairTornLine"/> when the run starts.
/// </summary>
public sealed class OutputFile
{
    private OutputFile(string path, IReadOnlyDictionary<string, WrittenRow> rows, bool endsTorn)
    {
        Path = path;
        Rows = rows;
        EndsTorn = endsTorn;
    }

    public string Path { get; }

    public IReadOnlyDictionary<string, WrittenRow> Rows { get; }

    /// <summary>The file ends in a line without its newline, where a write was interrupted.</summary>
    public bool EndsTorn { get; }

    /// <summary>Reads the rows at <paramref name="path"/>, none where there is no file; two rows of one id are refused.</summary>
    /// <param name="read">Reads one line (path, line number, text) as a row of the job that wrote it.</param>
    public static OutputFile Read(string path, Func<string, int, string, WrittenRow> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        var rows = new Dictionary<string, WrittenRow>(StringComparer.Ordinal);
        if (!File.Exists(path))
        {
            return new OutputFile(path, rows, endsTorn: false);
        }
        var torn = EndsInTornLine(path);
        var lines = JsonLinesReader.ReadLines(path);
        // A torn line is the last one; lagging one line behind leaves it unread.
        foreach (var (line, text) in torn ? lines.SkipLast(1) : lines)
        {
            var row = read(path, line, text);
            if (!rows.TryAdd(row.Id, row))
            {
                throw new InputFormatException(path, line, "id", $"the output already holds id '{row.Id}' twice; it was not written by one KoJudge run");
            }
        }
        return new OutputFile(path, rows, torn);
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

    /// <summary>Cuts the file after its last newline, where a write was interrupted. True where something was cut.</summary>
    public static bool RepairTornLine(string path)
    {
        // Writers are kept apart by the run's OutputLock; readers (a `logickor score` on the folder) may stay.
        using var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite);
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

    private static bool EndsInTornLine(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        if (stream.Length == 0)
        {
            return false;
        }
        stream.Position = stream.Length - 1;
        return stream.ReadByte() != '\n';
    }
}
