using System.Text.Json;
using KoJudge.Datasets;

namespace KoJudge.LogicKor;

/// <summary>
/// LogicKor's own texts, read at run time from a LogicKor folder: the questions, the GPT-4 judge's system prompts
/// (<c>judge_template_v2.jsonl</c>) and the answer strategies' messages (<c>prompt_strategies.json</c>).
/// LogicKor publishes no licence for them, so KoJudge ships none of them.
/// </summary>
public sealed class LogicKorTexts
{
    /// <summary>Where the folder is named when <c>--logickor</c> is not given.</summary>
    public const string EnvironmentVariable = "KOJUDGE_LOGICKOR_DIR";

    private LogicKorTexts(string directory) => Directory = directory;

    public string Directory { get; }

    public string QuestionsPath => Path.Combine(Directory, "questions.jsonl");

    /// <summary>The folder given, else the environment variable's; null with the problem where neither names one that exists.</summary>
    public static LogicKorTexts? Locate(string? given, Func<string, string?> environment, out LogicKorFolderProblem? problem)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var directory = given ?? environment(EnvironmentVariable);
        problem = directory is null ? LogicKorFolderProblem.NotNamed
            : !System.IO.Directory.Exists(directory) ? LogicKorFolderProblem.NotFound
            : null;
        return problem is null ? new LogicKorTexts(directory!) : null;
    }

    /// <summary>The GPT-4 judge's system prompt for a turn: LogicKor v2's <c>general-single</c> or <c>general-double</c>.</summary>
    public string JudgeSystemPrompt(LogicKorTurn turn)
    {
        var path = Path.Combine(Directory, "judge_template_v2.jsonl");
        var wanted = turn == LogicKorTurn.SingleTurn ? "general-single" : "general-double";
        foreach (var (line, text) in JsonLinesReader.ReadLines(path))
        {
            using var json = JsonRow.Parse(path, line, text);
            var row = new JsonRow(path, line, json.RootElement);
            if (row.RequiredString("type") == wanted)
            {
                return row.RequiredString("system_prompt", allowEmpty: false);
            }
        }
        throw new InputFormatException(path, null, "type", $"no row of type '{wanted}'");
    }

    /// <summary>The messages an answer strategy places before the question: (role, content) pairs.</summary>
    public IReadOnlyList<(string Role, string Content)> Strategy(string name)
    {
        var path = Path.Combine(Directory, "prompt_strategies.json");
        using var json = JsonRow.ParseFile(path, File.ReadAllBytes(path));
        if (!json.RootElement.TryGetProperty(name, out var messages))
        {
            throw new InputFormatException(path, null, name, $"no such strategy; the file has {string.Join(", ", json.RootElement.EnumerateObject().Select(p => p.Name))}");
        }
        return messages.EnumerateArray()
            .Select((m, i) => (
                m.TryGetProperty("role", out var role) && role.ValueKind == JsonValueKind.String ? role.GetString()! : throw new InputFormatException(path, null, $"{name}[{i}].role", "missing"),
                m.TryGetProperty("content", out var content) && content.ValueKind == JsonValueKind.String ? content.GetString()! : throw new InputFormatException(path, null, $"{name}[{i}].content", "missing")))
            .ToArray();
    }
}
