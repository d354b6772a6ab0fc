using System.Text.RegularExpressions;
using KoJudge.Datasets;

namespace KoJudge.LogicKor;

/// <summary>One model's answers (and judgments) under one answer strategy, as one LogicKor file holds them.</summary>
public sealed partial record LogicKorResultSet(string Model, string Strategy, string Path, IReadOnlyList<LogicKorRecord> Records)
{
    public const string DefaultStrategy = "default";

    /// <summary>
    /// Reads a file, or every <c>.jsonl</c> file under a folder. LogicKor v2 lays files out as
    /// <c>&lt;org&gt;/&lt;model&gt;/&lt;strategy&gt;.jsonl</c>; v1 as <c>judge_&lt;model&gt;.jsonl</c> (strategy <c>default</c>).
    /// A LogicKor folder's root stands for its judgments (<see cref="JudgmentsFolder"/>).
    /// </summary>
    /// <param name="strategy">In a folder, read only the files of this answer strategy (all when null); a file named directly is always read.</param>
    /// <param name="readRecords">False to name the files only (empty <see cref="Records"/>), for a caller that reads them in parallel.</param>
    public static IReadOnlyList<LogicKorResultSet> Read(string fileOrFolder, string? strategy = null, bool readRecords = true)
    {
        if (File.Exists(fileOrFolder))
        {
            return [ReadFile(fileOrFolder, root: null, readRecords)];
        }
        if (!Directory.Exists(fileOrFolder))
        {
            throw new FileNotFoundException($"No such file or folder: {fileOrFolder}", fileOrFolder);
        }
        fileOrFolder = JudgmentsFolder(fileOrFolder);
        var files = Directory.EnumerateFiles(fileOrFolder, "*.jsonl", SearchOption.AllDirectories)
            .Where(f => !System.IO.Path.GetRelativePath(fileOrFolder, f).Split(System.IO.Path.DirectorySeparatorChar).Any(part => part.StartsWith('.')))
            .Order(StringComparer.Ordinal)
            .ToList();
        // An empty selection is an error, not an empty success: a figure over nothing would read as a result.
        if (files.Count == 0)
        {
            throw new InputFormatException(fileOrFolder, null, null, "holds no LogicKor files (*.jsonl)");
        }
        var chosen = files.Where(f => strategy is null || Identify(f, fileOrFolder).Strategy == strategy).ToList();
        if (chosen.Count == 0)
        {
            var strategies = files.Select(f => Identify(f, fileOrFolder).Strategy).Distinct().Order(StringComparer.Ordinal);
            throw new InputFormatException(fileOrFolder, null, null, $"holds no files of the answer strategy '{strategy}'; it has {string.Join(", ", strategies)}");
        }
        return chosen.Select(f => ReadFile(f, fileOrFolder, readRecords)).ToList();
    }

    /// <summary>
    /// The folder of judgments a folder stands for. The root of a LogicKor folder (<c>questions.jsonl</c> at its top) stands
    /// for its <c>evaluated/</c>, as LogicKor's repository is cloned, or else its <c>v2/evaluated/</c>, as a curated copy
    /// keeps them; read whole, the root would mix the questions and the answers without judgments (<c>generated/</c>)
    /// with the judgments. Any other folder stands for itself.
    /// </summary>
    public static string JudgmentsFolder(string folder)
    {
        if (!File.Exists(System.IO.Path.Combine(folder, LogicKorTexts.QuestionsFile)))
        {
            return folder;
        }
        foreach (var judgments in new[] { System.IO.Path.Combine(folder, "evaluated"), System.IO.Path.Combine(folder, "v2", "evaluated") })
        {
            if (Directory.Exists(judgments))
            {
                return judgments;
            }
        }
        throw new InputFormatException(folder, null, null, $"is a LogicKor folder ({LogicKorTexts.QuestionsFile} at its top) without judgments: no evaluated/ (as LogicKor's repository is cloned) nor v2/evaluated/");
    }

    /// <summary>Names a file's model and strategy from where it lies.</summary>
    public static (string Model, string Strategy) Identify(string file, string? root)
    {
        var name = System.IO.Path.GetFileNameWithoutExtension(file);
        var v1 = V1Name().Match(name);
        if (v1.Success)
        {
            return (v1.Groups[1].Value, DefaultStrategy);
        }
        var folder = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(file))!;
        var relative = root is null ? null : System.IO.Path.GetRelativePath(System.IO.Path.GetFullPath(root), folder);
        var model = relative is not null && relative != "."
            ? relative.Replace(System.IO.Path.DirectorySeparatorChar, '/')
            : $"{System.IO.Path.GetFileName(System.IO.Path.GetDirectoryName(folder))}/{System.IO.Path.GetFileName(folder)}";
        return (model, name);
    }

    private static LogicKorResultSet ReadFile(string file, string? root, bool readRecords)
    {
        var (model, strategy) = Identify(file, root);
        return new LogicKorResultSet(model, strategy, file, readRecords ? LogicKorReader.Read(file) : []);
    }

    [GeneratedRegex(@"\Ajudge_(.+)\z")]
    private static partial Regex V1Name();
}
