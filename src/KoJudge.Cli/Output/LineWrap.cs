using Spectre.Console;

namespace KoJudge.Cli.Output;

/// <summary>Plain console lines folded to a width in terminal cells, where a Hangul syllable takes two.</summary>
public static class LineWrap
{
    /// <summary>A line broken at spaces into lines of at most <paramref name="width"/> cells (a longer word stands alone).</summary>
    public static IEnumerable<string> Wrap(string line, int width)
    {
        ArgumentNullException.ThrowIfNull(line);
        var current = "";
        foreach (var word in line.Split(' '))
        {
            if (current.Length > 0 && current.GetCellWidth() + 1 + word.GetCellWidth() > width)
            {
                yield return current;
                current = "";
            }
            current = current.Length == 0 ? word : $"{current} {word}";
        }
        yield return current;
    }
}
