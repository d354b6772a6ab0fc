using KoJudge.Datasets;
using KoJudge.Judging;

namespace KoJudge.Runs;

/// <summary>
/// A JSONL file of items, read twice without holding it: once to check every line before any work starts, and
/// once, lazily, to judge. Memory grows with the number of ids, not with the texts.
/// </summary>
public sealed class JudgeInput
{
    private readonly HashSet<int> badLines;

    private JudgeInput(string path, List<string> ids, HashSet<int> badLines, IReadOnlyList<InputFormatException> skipped)
    {
        Path = path;
        Ids = ids;
        this.badLines = badLines;
        Skipped = skipped;
    }

    public string Path { get; }

    /// <summary>The ids of the good lines, in file order.</summary>
    public IReadOnlyList<string> Ids { get; }

    /// <summary>The bad lines passed over with <c>--on-bad-input skip</c>.</summary>
    public IReadOnlyList<InputFormatException> Skipped { get; }

    /// <summary>
    /// Checks every line. A bad line (malformed JSON, a missing or mistyped field, a duplicate id, invalid UTF-8,
    /// an unknown rubric) throws, or with <paramref name="skipBadLines"/> is listed and passed over.
    /// </summary>
    public static JudgeInput Check(string path, bool skipBadLines)
    {
        var ids = new List<string>();
        var lineOfId = new Dictionary<string, int>(StringComparer.Ordinal);
        var bad = new HashSet<int>();
        var skipped = new List<InputFormatException>();
        void Skip(InputFormatException e)
        {
            bad.Add(e.Line!.Value);
            skipped.Add(e);
        }
        using var lines = JsonLinesReader.ReadLines(path, skipBadLines ? Skip : null).GetEnumerator();
        while (true)
        {
            int line;
            JudgeItem item;
            try
            {
                if (!lines.MoveNext())
                {
                    break;
                }
                line = lines.Current.Line;
                item = JudgeItemReader.ParseLine(path, line, lines.Current.Text);
                if (!lineOfId.TryAdd(item.Id, line))
                {
                    throw new InputFormatException(path, line, "id", $"duplicate id '{item.Id}' (first on line {lineOfId[item.Id]})");
                }
            }
            catch (InputFormatException e) when (skipBadLines && e.Line is not null)
            {
                Skip(e);
                continue;
            }
            ids.Add(item.Id);
        }
        if (ids.Count == 0)
        {
            // Nothing to judge is an error, not an empty success.
            throw new InputFormatException(path, null, null, skipped.Count == 0 ? "holds no items" : $"holds no good item: all {skipped.Count} lines are bad");
        }
        return new JudgeInput(path, ids, bad, skipped);
    }

    /// <summary>The good items, read again lazily in file order.</summary>
    public IEnumerable<JudgeItem> Items()
    {
        // Lines that could not be decoded were listed by Check; here they are passed over again.
        foreach (var (line, text) in JsonLinesReader.ReadLines(Path, _ => { }))
        {
            if (!badLines.Contains(line))
            {
                yield return JudgeItemReader.ParseLine(Path, line, text);
            }
        }
    }
}
