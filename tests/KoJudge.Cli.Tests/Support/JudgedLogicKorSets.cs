using System.Text.Json.Nodes;
using KoJudge.TestSupport;

namespace KoJudge.Cli.Tests.Support;

/// <summary>
/// A small LogicKor gold (eight models' GPT-4 judgments of their default answers, from the shared copy) and three
/// judged sets made from it by fixed rules, so each judge's agreement is known in advance: GPT-4 jittered by up to
/// two points; a Prometheus-like 1–5 judge; and a judge of three models only that scores against the gold.
/// </summary>
internal sealed class JudgedLogicKorSets
{
    private const string Failure = "Impossible to judge due to repetition.";

    private JudgedLogicKorSets(string gold, string jitter, string prometheus, string contrary)
    {
        Gold = gold;
        Jitter = jitter;
        Prometheus = prometheus;
        Contrary = contrary;
    }

    public string Gold { get; }

    public string Jitter { get; }

    public string Prometheus { get; }

    public string Contrary { get; }

    public static JudgedLogicKorSets Make()
    {
        var evaluated = SharedData.PathOf("data", "logickor", "v2", "evaluated");
        var root = Directory.CreateTempSubdirectory("kojudge-meta-judges-").FullName;
        var gold = Path.Combine(root, "gold");
        var files = Directory.GetFiles(evaluated, "default.jsonl", SearchOption.AllDirectories).Order(StringComparer.Ordinal).Take(8).ToList();
        for (var m = 0; m < files.Count; m++)
        {
            var relative = Path.GetRelativePath(evaluated, files[m]);
            Copy(files[m], Path.Combine(gold, relative), null);
            Copy(files[m], Path.Combine(root, "jitter", relative), (score, id) => (Math.Clamp(score + ((id * 7 + m * 3) % 5) - 2, 0, 10), $"jitter of {score}"));
            Copy(files[m], Path.Combine(root, "prometheus", relative), (score, id) => (Math.Clamp(FivePoint(score) + ((id + m) % 3 == 0 ? 1 : 0), 1, 5), "prometheus-like"), judgeName: "prometheus");
            if (m < 3)
            {
                Copy(files[m], Path.Combine(root, "contrary", relative), (score, _) => (10 - score, "contrary"));
            }
        }
        return new JudgedLogicKorSets(gold, Path.Combine(root, "jitter"), Path.Combine(root, "prometheus"), Path.Combine(root, "contrary"));
    }

    /// <summary>The gold answers a judge meets: a score, and not LogicKor's own judge failure.</summary>
    public static IEnumerable<(string Model, int Id, string Category, double Gold, string Message)> GoldRows(string folder) =>
        Directory.GetFiles(folder, "*.jsonl", SearchOption.AllDirectories).SelectMany(file => File.ReadLines(file).Where(l => l.Trim().Length > 0).Select(line =>
        {
            var row = JsonNode.Parse(line.TrimStart('\uFEFF'))!;
            var model = Path.GetRelativePath(folder, Path.GetDirectoryName(file)!).Replace(Path.DirectorySeparatorChar, '/');
            var single = row["query_single"]!;
            return (model, row["id"]!.GetValue<int>(), row["category"]!.GetValue<string>(), single["judge_score"]?.GetValue<double>() ?? double.NaN, single["judge_message"]!.GetValue<string>());
        })).Where(r => !double.IsNaN(r.Item4) && r.Item5 != Failure);

    /// <summary>Judged (model, id) → score, read from the judged folder.</summary>
    public static Dictionary<(string Model, int Id), double> Scores(string folder) =>
        GoldRows(folder).ToDictionary(r => (r.Model, r.Id), r => r.Gold);

    private static int FivePoint(double gold) => gold <= 2 ? 1 : Math.Min(5, (int)Math.Ceiling(gold / 2));

    private static void Copy(string from, string to, Func<double, int, (double Score, string Message)>? judge, string? judgeName = null)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(to)!);
        var lines = new List<string>();
        foreach (var line in File.ReadLines(from).Where(l => l.Trim().Length > 0))
        {
            var row = JsonNode.Parse(line.TrimStart('\uFEFF'))!.AsObject();
            foreach (var turn in new[] { "query_single", "query_multi" })
            {
                if (judge is not null && row[turn]?["judge_score"]?.GetValue<double>() is { } gold)
                {
                    var (score, message) = judge(gold, row["id"]!.GetValue<int>());
                    row[turn]!["judge_score"] = score;
                    row[turn]!["judge_message"] = message;
                }
            }
            if (judge is not null && judgeName is not null)
            {
                row["judge"] = judgeName;
            }
            lines.Add(row.ToJsonString());
        }
        File.WriteAllLines(to, lines);
    }
}
