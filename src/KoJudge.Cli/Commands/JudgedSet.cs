using KoJudge.LogicKor;

namespace KoJudge.Cli.Commands;

/// <summary>One <c>meta --judged</c>: a name to show the judge by and the path of its results.</summary>
public sealed record JudgedSet(string Name, string Path)
{
    /// <summary>
    /// <c>NAME=PATH</c>, or a bare path named from itself: a folder by its name, a file by its name without <c>.jsonl</c>,
    /// and a LogicKor <c>&lt;model&gt;/&lt;strategy&gt;.jsonl</c> by both, since its strategy alone names nothing.
    /// A path that exists is taken whole, even with an <c>=</c> in it.
    /// </summary>
    public static JudgedSet Parse(string given)
    {
        ArgumentNullException.ThrowIfNull(given);
        var equals = given.IndexOf('=', StringComparison.Ordinal);
        if (equals > 0 && !File.Exists(given) && !Directory.Exists(given))
        {
            return new JudgedSet(given[..equals], given[(equals + 1)..]);
        }
        var trimmed = System.IO.Path.TrimEndingDirectorySeparator(given);
        var name = Directory.Exists(trimmed) ? System.IO.Path.GetFileName(trimmed) : System.IO.Path.GetFileNameWithoutExtension(trimmed);
        if (File.Exists(trimmed) && LogicKorResultSet.Identify(trimmed, null).Strategy == name && System.IO.Path.GetFileName(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(trimmed))) is { Length: > 0 } model)
        {
            name = $"{model}/{name}";
        }
        return new JudgedSet(string.IsNullOrEmpty(name) ? given : name, given);
    }

    /// <summary>Every <c>--judged</c>, or null (the reason written) where one is missing or two share a name.</summary>
    public static IReadOnlyList<JudgedSet>? ParseAll(IEnumerable<string> given, CliConsole console)
    {
        ArgumentNullException.ThrowIfNull(given);
        ArgumentNullException.ThrowIfNull(console);
        var sets = given.Select(Parse).ToList();
        foreach (var set in sets)
        {
            if (!File.Exists(set.Path) && !Directory.Exists(set.Path))
            {
                console.Error.WriteLine($"error: --judged {set.Name}={set.Path}: no such file or folder.");
                return null;
            }
        }
        if (sets.GroupBy(s => s.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } twice)
        {
            console.Error.WriteLine($"error: --judged: two judges named '{twice.Key}' ({string.Join(", ", twice.Select(s => s.Path))}); name each as NAME=PATH.");
            return null;
        }
        if (sets.FirstOrDefault(s => s.Name is "floor" or "bank" or "bank-simple" || s.Name.StartsWith("baseline:", StringComparison.Ordinal)) is { } taken)
        {
            console.Error.WriteLine($"error: --judged {taken.Name}={taken.Path}: the name '{taken.Name}' is taken by a judge meta adds itself; choose another NAME.");
            return null;
        }
        return sets;
    }
}
