using KoJudge.Datasets;

namespace KoJudge.Runs;

/// <summary>Checks a JSONL file of inputs line by line before any work starts (<see cref="CheckedInput{TInput}"/>).</summary>
public static class InputCheck
{
    /// <summary>
    /// Checks every line. A bad line (malformed JSON, a missing or mistyped field, a duplicate id, invalid UTF-8,
    /// an unknown rubric) throws, or with <paramref name="skipBadLines"/> is listed and passed over.
    /// </summary>
    /// <param name="parseLine">Reads one line (file, line, text); a bad one throws <see cref="InputFormatException"/>.</param>
    /// <param name="idOf">The input's id, which must be unique in the file.</param>
    public static CheckedInput<TInput> Check<TInput>(string path, bool skipBadLines, Func<string, int, string, TInput> parseLine, Func<TInput, string> idOf)
    {
        ArgumentNullException.ThrowIfNull(parseLine);
        ArgumentNullException.ThrowIfNull(idOf);
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
            TInput item;
            try
            {
                if (!lines.MoveNext())
                {
                    break;
                }
                line = lines.Current.Line;
                item = parseLine(path, line, lines.Current.Text);
                if (!lineOfId.TryAdd(idOf(item), line))
                {
                    throw new InputFormatException(path, line, "id", $"duplicate id '{idOf(item)}' (first on line {lineOfId[idOf(item)]})");
                }
            }
            catch (InputFormatException e) when (skipBadLines && e.Line is not null)
            {
                Skip(e);
                continue;
            }
            ids.Add(idOf(item));
        }
        if (ids.Count == 0)
        {
            // Nothing to judge is an error, not an empty success.
            throw new InputFormatException(path, null, null, skipped.Count == 0 ? "holds no items" : $"holds no good item: all {skipped.Count} lines are bad");
        }
        return new CheckedInput<TInput>(path, parseLine, ids, bad, skipped);
    }
}
