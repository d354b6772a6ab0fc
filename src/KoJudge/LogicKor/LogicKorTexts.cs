using System.Text.Json.Nodes;
using KoJudge.Datasets;

namespace KoJudge.LogicKor;

/// <summary>
/// LogicKor's own texts, read at run time from a LogicKor folder: the questions, the GPT-4 judge's system prompts
/// and the answer strategies' messages. A folder as LogicKor's repository is cloned keeps the prompts as Python
/// literals in <c>templates.py</c> (<c>JUDGE_TEMPLATE</c>, <c>PROMPT_STRATEGY</c>); a curated copy may hold them as
/// JSON (<c>judge_template_v2.jsonl</c>, <c>prompt_strategies.json</c>), and where it does those are read, as
/// before, so runs made from them keep their request hashes. LogicKor publishes no licence for any of them, so
/// KoJudge ships none of them.
/// </summary>
public sealed class LogicKorTexts
{
    /// <summary>Where the folder is named when <c>--logickor</c> is not given.</summary>
    public const string EnvironmentVariable = "KOJUDGE_LOGICKOR_DIR";

    public const string QuestionsFile = "questions.jsonl";

    /// <summary>LogicKor's own home of its prompts, at the root of its repository.</summary>
    public const string TemplatesFile = "templates.py";

    /// <summary>The judge's prompts as LogicKor's repository had them in June 2024 (commit d0d974f), before <c>templates.py</c>.</summary>
    public const string JudgeTemplateFile = "judge_template_v2.jsonl";

    /// <summary>A JSON copy of <c>PROMPT_STRATEGY</c>; LogicKor itself never shipped one.</summary>
    public const string StrategiesFile = "prompt_strategies.json";

    private const string JudgeTemplateName = "JUDGE_TEMPLATE";
    private const string StrategiesName = "PROMPT_STRATEGY";

    private LogicKorTexts(string directory) => Directory = directory;

    public string Directory { get; }

    public string QuestionsPath => Path.Combine(Directory, QuestionsFile);

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

    /// <summary>What of <paramref name="needed"/> the folder lacks, each as the file that would supply it; empty when nothing is missing.</summary>
    public IReadOnlyList<string> Missing(LogicKorTextParts needed)
    {
        var missing = new List<string>();
        if (needed.HasFlag(LogicKorTextParts.Questions) && !Has(QuestionsFile))
        {
            missing.Add(QuestionsFile);
        }
        if (needed.HasFlag(LogicKorTextParts.JudgePrompts) && !Has(JudgeTemplateFile) && !Has(TemplatesFile))
        {
            missing.Add($"{TemplatesFile} (or {JudgeTemplateFile}) with the judge's prompts");
        }
        if (needed.HasFlag(LogicKorTextParts.Strategies) && !Has(StrategiesFile) && !Has(TemplatesFile))
        {
            missing.Add($"{TemplatesFile} (or {StrategiesFile}) with the answer strategies");
        }
        return missing;
    }

    /// <summary>The GPT-4 judge's system prompt for a turn: LogicKor v2's <c>single_turn</c> or <c>multi_turn</c> (<c>general-single</c>, <c>general-double</c> in the JSON copy).</summary>
    public string JudgeSystemPrompt(LogicKorTurn turn)
    {
        var path = Path.Combine(Directory, JudgeTemplateFile);
        if (!File.Exists(path))
        {
            var key = turn == LogicKorTurn.SingleTurn ? "single_turn" : "multi_turn";
            var (file, line, templates) = Assigned(JudgeTemplateName, $"{JudgeTemplateFile} nor {TemplatesFile} (the judge's prompts)");
            // Sent as it stands, as LogicKor's evaluator.py sends it: no trimming.
            return templates is JsonObject byTurn && byTurn[key] is JsonValue prompt && prompt.TryGetValue(out string? text) && text.Length > 0
                ? text
                : throw new InputFormatException(file, line, $"{JudgeTemplateName}[\"{key}\"]", "missing, or not a non-empty string");
        }
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
        var path = Path.Combine(Directory, StrategiesFile);
        string file;
        int? line;
        JsonNode? strategies;
        string prefix;
        if (File.Exists(path))
        {
            using var json = JsonRow.ParseFile(path, File.ReadAllBytes(path));
            (file, line, strategies, prefix) = (path, null, JsonNode.Parse(json.RootElement.GetRawText()), "");
        }
        else
        {
            (file, line, strategies) = Assigned(StrategiesName, $"{StrategiesFile} nor {TemplatesFile} (the answer strategies)");
            prefix = StrategiesName + ".";
        }
        if (strategies is not JsonObject byName)
        {
            throw new InputFormatException(file, line, prefix.TrimEnd('.') is { Length: > 0 } whole ? whole : null, "must map each strategy's name to its messages");
        }
        if (!byName.TryGetPropertyValue(name, out var messages))
        {
            throw new InputFormatException(file, line, prefix + name, $"no such strategy; the file has {string.Join(", ", byName.Select(p => p.Key))}");
        }
        if (messages is not JsonArray list)
        {
            throw new InputFormatException(file, line, prefix + name, "must be a list of messages");
        }
        string Text(JsonNode? message, int i, string field) =>
            message is JsonObject fields && fields[field] is JsonValue value && value.TryGetValue(out string? text)
                ? text
                : throw new InputFormatException(file, line, $"{prefix}{name}[{i}].{field}", "missing, or not a string");
        return list.Select((m, i) => (Text(m, i, "role"), Text(m, i, "content"))).ToArray();
    }

    private bool Has(string file) => File.Exists(Path.Combine(Directory, file));

    /// <summary>A value <c>templates.py</c> assigns, with the line it is assigned on.</summary>
    private (string File, int Line, JsonNode Value) Assigned(string name, string neither)
    {
        var path = Path.Combine(Directory, TemplatesFile);
        if (!File.Exists(path))
        {
            throw new InputFormatException(Directory, null, null, $"has neither {neither}");
        }
        return PythonLiteralReader.ReadFile(path).TryGetValue(name, out var assigned)
            ? (path, assigned.Line, assigned.Value)
            : throw new InputFormatException(path, null, name, "not assigned");
    }
}
