using System.Text;
using System.Text.Json;
using KoJudge.Datasets;
using KoJudge.LogicKor;

namespace KoJudge.TestSupport;

/// <summary>
/// Made-up LogicKor judgment files, so the bank judge can be tested without LogicKor's texts. Each question has a good
/// answer and a bad one (random Hangul words); a model of quality p writes each word of the good answer with
/// probability p, else the bad answer's word, each followed by a word of its own (so two models' answers share little
/// more than the question's words, as real answers do), and the made-up gold is the share of good words on 0–10.
/// Answers that resemble high-scored answers therefore score high, as in LogicKor.
/// </summary>
internal static class SyntheticLogicKor
{
    public const int Words = 24;

    public static List<LogicKorResultSet> Sets(int models = 10, int questions = 6, IReadOnlyList<string>? strategies = null, int seed = 7)
    {
        strategies ??= ["default", "1-shot"];
        var random = new Random(seed);
        var good = Enumerable.Range(0, questions).Select(_ => RandomWords(random, Words)).ToArray();
        var bad = Enumerable.Range(0, questions).Select(_ => RandomWords(random, Words)).ToArray();
        var sets = new List<LogicKorResultSet>();
        for (var m = 0; m < models; m++)
        {
            var quality = (m + 0.5) / models;
            foreach (var strategy in strategies)
            {
                var records = new List<LogicKorRecord>();
                for (var q = 0; q < questions; q++)
                {
                    var (first, firstGold) = Answer(random, good[q], bad[q], quality);
                    var (second, secondGold) = Answer(random, bad[q], good[q], 1 - quality);
                    records.Add(Record(q + 1, first, second, firstGold, secondGold));
                }
                sets.Add(new LogicKorResultSet($"org{m % 3}/model-{m}", strategy, $"org{m % 3}/model-{m}/{strategy}.jsonl", records));
            }
        }
        return sets;
    }

    public static LogicKorRecord Record(int id, string first, string second, double? firstGold, double? secondGold) => new()
    {
        Id = id,
        Category = LogicKorCategories.All[(id - 1) % LogicKorCategories.All.Count],
        Questions = [$"질문 {id}", $"후속 질문 {id}"],
        References = [id % 2 == 0 ? $"참고 {id}" : null, null],
        Outputs = [first, second],
        SingleTurn = firstGold is null ? null : new LogicKorTurnJudgment("made up", firstGold),
        MultiTurn = secondGold is null ? null : new LogicKorTurnJudgment("made up", secondGold),
    };

    /// <summary>Writes the sets in LogicKor's layout, <c>&lt;org&gt;/&lt;model&gt;/&lt;strategy&gt;.jsonl</c>, under a new folder.</summary>
    public static string WriteFolder(IEnumerable<LogicKorResultSet> sets, string? root = null)
    {
        root ??= Directory.CreateTempSubdirectory("kojudge-bank-").FullName;
        foreach (var set in sets)
        {
            var path = Path.Combine(root, set.Model, set.Strategy + ".jsonl");
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllLines(path, set.Records.Select(r => JsonSerializer.Serialize(r, KoJudgeJson.Options)));
        }
        return root;
    }

    /// <summary>
    /// The sets' first turns as KoJudge items (<c>items.jsonl</c>: id model/strategy/question, the question as the
    /// instruction) and result rows (<c>results.jsonl</c>: the made-up gold taken to 1–5, rounded) under a folder.
    /// </summary>
    public static (string Items, string Results) WriteItemsAndResults(IEnumerable<LogicKorResultSet> sets, string folder)
    {
        var items = new List<string>();
        var results = new List<string>();
        foreach (var set in sets)
        {
            foreach (var record in set.Records)
            {
                var id = $"{set.Model}/{set.Strategy}/{record.Id}";
                items.Add(JsonSerializer.Serialize(new { id, instruction = record.Questions[0], response = record.Outputs![0], rubric = "writing", category = record.Category }));
                var gold = record.SingleTurn?.Score is { } g ? (int?)Math.Round(1 + (g / 2.5), MidpointRounding.AwayFromZero) : null;
                results.Add(JsonSerializer.Serialize(new { id, score = gold }));
            }
        }
        var itemsPath = Path.Combine(folder, "items.jsonl");
        var resultsPath = Path.Combine(folder, "results.jsonl");
        File.WriteAllLines(itemsPath, items);
        File.WriteAllLines(resultsPath, results);
        return (itemsPath, resultsPath);
    }

    private static (string Text, double Gold) Answer(Random random, string[] good, string[] bad, double quality)
    {
        var words = new string[good.Length * 2];
        var right = 0;
        for (var i = 0; i < good.Length; i++)
        {
            var isGood = random.NextDouble() < quality;
            right += isGood ? 1 : 0;
            words[2 * i] = isGood ? good[i] : bad[i];
            words[2 * i + 1] = RandomWord(random);
        }
        return (string.Join(' ', words), Math.Round(10.0 * right / good.Length));
    }

    private static string[] RandomWords(Random random, int count) =>
        Enumerable.Range(0, count).Select(_ => RandomWord(random)).ToArray();

    private static string RandomWord(Random random)
    {
        var word = new StringBuilder();
        for (var i = 0; i < 3; i++)
        {
            word.Append((char)(0xAC00 + random.Next(0, 11172)));
        }
        return word.ToString();
    }
}
