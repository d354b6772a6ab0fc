using System.Text.Json;

namespace KoJudge.Cli.Tests.Support;

/// <summary>The smallest valid input of each kind a command reads, written where a test asks.</summary>
internal static class SmallInputs
{
    /// <summary>Two judge items (JSONL).</summary>
    public static string Items(string folder)
    {
        var path = Path.Combine(folder, "items.jsonl");
        File.WriteAllLines(path, Enumerable.Range(1, 2).Select(n => JsonSerializer.Serialize(new { id = $"item-{n}", instruction = $"질문 {n}", response = $"답변 {n}", rubric = "math" })));
        return path;
    }

    /// <summary>Two pairs to compare (JSONL).</summary>
    public static string Pairs(string folder)
    {
        var path = Path.Combine(folder, "pairs.jsonl");
        File.WriteAllLines(path, Enumerable.Range(1, 2).Select(n => JsonSerializer.Serialize(new { id = $"pair-{n}", instruction = $"질문 {n}", response_a = $"답변 {n}", response_b = $"다른 답변 {n}", rubric = "math" })));
        return path;
    }

    /// <summary>Two rows of KUDGE's challenge set (CSV), for <c>gold-pairs --kudge</c>.</summary>
    public static string KudgeChallenge(string folder)
    {
        var path = Path.Combine(folder, "kudge-challenge.csv");
        File.WriteAllText(path, "instruction,chosen_response,rejected_response,judge_query,winner,subset\n질문,좋다,나쁘다,,A,Korean-Easy\n질문,좋다,나쁘다,,B,Korean-Easy\n");
        return path;
    }

    /// <summary>A result row as <c>kojudge judge --input</c> writes it.</summary>
    public static string ResultRow(string id, string requestHash, int? score = 4) => JsonSerializer.Serialize(new Dictionary<string, object?>
    {
        ["id"] = id,
        ["request_hash"] = requestHash,
        ["category"] = null,
        ["score"] = score,
        ["feedback"] = score is null ? null : "좋다.",
        ["error"] = score is null ? "no verdict" : null,
        ["error_kind"] = score is null ? "no_verdict" : null,
        ["attempts"] = 1,
    });

    /// <summary>A LogicKor folder with one question, the default strategy and the GPT-4 judge's two prompts.</summary>
    public static string LogicKorFolder(string folder)
    {
        var path = Path.Combine(folder, "logickor");
        Directory.CreateDirectory(path);
        File.WriteAllText(Path.Combine(path, "questions.jsonl"), JsonSerializer.Serialize(new { id = 1, category = "추론(Reasoning)", questions = new[] { "질문 1", "질문 2" }, references = new string?[] { null, null } }) + "\n");
        File.WriteAllText(Path.Combine(path, "prompt_strategies.json"), """{"default": []}""");
        File.WriteAllLines(Path.Combine(path, "judge_template_v2.jsonl"), new[] { "general-single", "general-double" }.Select(type => JsonSerializer.Serialize(new { type, system_prompt = "점수를 매겨라." })));
        return path;
    }

    /// <summary>A folder of LogicKor answers, judged, in LogicKor's layout (org/model/strategy.jsonl); returns the folder.</summary>
    public static string LogicKorAnswers(string folder)
    {
        var path = Path.Combine(folder, "answers");
        var file = Path.Combine(path, "org", "model", "default.jsonl");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.WriteAllLines(file, Enumerable.Range(1, 3).Select(id => JsonSerializer.Serialize(new
        {
            id,
            category = "추론(Reasoning)",
            questions = new[] { $"질문 {id}", "다음 질문" },
            outputs = new[] { $"답변 {id}", "다음 답변" },
            references = new string?[] { "정답", null },
            query_single = new { judge_message = "좋다.", judge_score = 3 + id },
            query_multi = new { judge_message = "좋다.", judge_score = 2 + id },
        })));
        return path;
    }

    /// <summary>The answers of <see cref="LogicKorAnswers"/> under a second model too, the default baseline: a folder <c>logickor arena</c> can pair.</summary>
    public static string LogicKorArena(string folder)
    {
        var answers = LogicKorAnswers(Directory.CreateDirectory(Path.Combine(folder, "arena")).FullName);
        var baseline = Path.Combine(answers, "openai", "gpt-4-1106-preview", "default.jsonl");
        Directory.CreateDirectory(Path.GetDirectoryName(baseline)!);
        File.Copy(Path.Combine(answers, "org", "model", "default.jsonl"), baseline, overwrite: true);
        return answers;
    }
}
