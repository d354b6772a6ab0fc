using KoJudge.Datasets;

namespace KoJudge.Runs;

/// <summary>
/// A JSONL file of inputs (items to judge, pairs to compare), read twice without holding it: once to check every line
/// before any work starts, and once, lazily, to run. Memory grows with the number of ids, not with the texts.
/// </summary>
public sealed class CheckedInput<TInput>
{
    private readonly HashSet<int> badLines;
    private readonly Func<string, int, string, TInput> parseLine;

    internal CheckedInput(string path, Func<string, int, string, TInput> parseLine, List<string> ids, HashSet<int> badLines, IReadOnlyList<InputFormatException> skipped)
    {
        Path = path;
        this.parseLine = parseLine;
        Ids = ids;
        this.badLines = badLines;
        Skipped = skipped;
    }

    public string Path { get; }

    /// <summary>The ids of the good lines, in file order.</summary>
    public IReadOnlyList<string> Ids { get; }

    /// <summary>The bad lines passed over with <c>--on-bad-input skip</c>.</summary>
    public IReadOnlyList<InputFormatException> Skipped { get; }

    /// <summary>The good inputs, read again lazily in file order.</summary>
    public IEnumerable<TInput> Items()
    {
        // Lines that could not be decoded were listed by Check; here they are passed over again.
        foreach (var (line, text) in JsonLinesReader.ReadLines(Path, _ => { }))
        {
            if (!badLines.Contains(line))
            {
                yield return parseLine(Path, line, text);
            }
        }
    }
}
