using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using KoJudge.Datasets;
using KoJudge.LogicKor;
using KoJudge.Meta;

namespace KoJudge.Bank;

/// <summary>
/// A set of judged answers: every answer the gold judge scored, by question and turn, with the questions' categories
/// and references. Read from LogicKor's evaluated folder (both turns, every strategy), or from KoJudge's own result
/// rows joined with the items they judged (<see cref="ReadResults"/>). Gold scores are held on the bank's 0–10
/// (<see cref="BankScale"/>).
/// </summary>
public sealed class JudgmentBank
{
    private readonly Dictionary<BankSlot, List<JudgedAnswer>> bySlot;
    private readonly IReadOnlyDictionary<string, int> questionOfInstruction;

    private JudgmentBank(
        IReadOnlyList<JudgedAnswer> answers,
        IReadOnlyDictionary<int, BankQuestion> questions,
        IReadOnlyDictionary<string, int> excluded,
        string fingerprint,
        BankScale scale,
        IReadOnlyDictionary<string, int>? questionOfInstruction = null)
    {
        Fingerprint = fingerprint;
        Answers = answers;
        Questions = questions;
        Excluded = excluded;
        Scale = scale;
        this.questionOfInstruction = questionOfInstruction ?? new Dictionary<string, int>(StringComparer.Ordinal);
        bySlot = answers.GroupBy(a => a.Slot).ToDictionary(g => g.Key, g => g.ToList());
    }

    /// <summary>The gold judge's scale, which estimates are given back on.</summary>
    public BankScale Scale { get; }

    /// <summary>
    /// The question an instruction is, for a bank of plain items, where questions have no ids of their own: the same
    /// instruction, to the character, is the same question. Null for an instruction the bank has no answers to.
    /// </summary>
    public int? QuestionOf(string instruction) => questionOfInstruction.TryGetValue(instruction, out var id) ? id : null;

    /// <summary>
    /// What the bank holds, as a short hash of its files' names, sizes and modification times (or of its answers and
    /// scores, for a bank made in memory): a rerun resumes only against the same bank.
    /// </summary>
    public string Fingerprint { get; }

    /// <summary>Every answer, judged or not (a failed gold judgment has a null <see cref="JudgedAnswer.Gold"/>).</summary>
    public IReadOnlyList<JudgedAnswer> Answers { get; }

    public IReadOnlyDictionary<int, BankQuestion> Questions { get; }

    /// <summary>Gold judgments left out, by reason.</summary>
    public IReadOnlyDictionary<string, int> Excluded { get; }

    public IReadOnlyCollection<BankSlot> Slots => bySlot.Keys;

    public IEnumerable<string> Models => Answers.Select(a => a.Model).Distinct(StringComparer.Ordinal);

    public IReadOnlyList<JudgedAnswer> AnswersTo(BankSlot slot) => bySlot.TryGetValue(slot, out var answers) ? answers : [];

    /// <summary>Reads every LogicKor judgment file under a folder (all strategies), in parallel: the files are independent.</summary>
    public static JudgmentBank ReadLogicKor(string folder)
    {
        var files = LogicKorResultSet.Read(folder, strategy: null, readRecords: false);
        var sets = new LogicKorResultSet[files.Count];
        var hashes = new byte[files.Count][];
        Parallel.For(0, files.Count, i =>
        {
            sets[i] = files[i] with { Records = LogicKorReader.Read(files[i].Path) };
            // The files' names, sizes and times, not their bytes: hashing 31 MB again would be a tenth of the load.
            var info = new FileInfo(files[i].Path);
            var stamp = string.Create(CultureInfo.InvariantCulture, $"{files[i].Model}/{files[i].Strategy}|{info.Length}|{info.LastWriteTimeUtc.Ticks}\n");
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            hash.AppendData(Encoding.UTF8.GetBytes(stamp));
            hashes[i] = hash.GetHashAndReset();
        });
        return FromLogicKor(sets, Convert.ToHexStringLower(SHA256.HashData(hashes.SelectMany(h => h).ToArray()).AsSpan(0, 8)));
    }

    /// <summary>
    /// The bank of LogicKor judgments: both turns of every row. A turn whose gold judgment is missing or is LogicKor's
    /// judge failure (<see cref="MetaPairBuilder.LogicKorJudgeFailure"/>, written as 0) is kept without a gold score, as
    /// <c>meta</c> leaves it out.
    /// </summary>
    public static JudgmentBank FromLogicKor(IEnumerable<LogicKorResultSet> sets) => FromLogicKor(sets, fingerprint: null);

    private static JudgmentBank FromLogicKor(IEnumerable<LogicKorResultSet> sets, string? fingerprint)
    {
        ArgumentNullException.ThrowIfNull(sets);
        var answers = new List<JudgedAnswer>();
        var questions = new Dictionary<int, BankQuestion>();
        var excluded = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var set in sets)
        {
            foreach (var record in set.Records)
            {
                questions.TryAdd(record.Id, new BankQuestion(record.Id, record.Category, record.References));
                var outputs = record.Outputs ?? [];
                foreach (var turn in new[] { LogicKorTurn.SingleTurn, LogicKorTurn.MultiTurn })
                {
                    var index = turn == LogicKorTurn.SingleTurn ? 0 : 1;
                    if (outputs.Count <= index)
                    {
                        continue;
                    }
                    var gold = GoldOf(record.JudgmentOf(turn), excluded);
                    answers.Add(new JudgedAnswer(set.Model, set.Strategy, record.Id, turn, record.Category, outputs[index], gold)
                    {
                        FirstTurnAnswer = index == 1 ? outputs[0] : null,
                    });
                }
            }
        }
        return new JudgmentBank(answers, questions, excluded, fingerprint ?? FingerprintOf(answers), BankScale.LogicKor);
    }

    /// <summary>
    /// The bank of KoJudge result rows joined by id with the items they judged: each instruction a question, each item
    /// an answer of its own (items name no model, so an answer is held out from its own estimate and no other), its
    /// score on the Prometheus judge's 1–5. A row without a score is kept without gold, as a failed LogicKor judgment
    /// is. A row whose id no item has is an error, named by file, line and field: a bank joined wrongly would judge
    /// answers against the wrong scores.
    /// </summary>
    public static JudgmentBank ReadResults(string resultsPath, string itemsPath)
    {
        var items = JudgeItemReader.ReadAll(itemsPath).ToDictionary(i => i.Id, StringComparer.Ordinal);
        var answers = new List<JudgedAnswer>();
        var questions = new Dictionary<int, BankQuestion>();
        var questionOfInstruction = new Dictionary<string, int>(StringComparer.Ordinal);
        var excluded = new Dictionary<string, int>(StringComparer.Ordinal);
        var lineOfId = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (line, text) in JsonLinesReader.ReadLines(resultsPath))
        {
            var result = JudgeResultReader.ReadRow(resultsPath, line, text);
            if (!lineOfId.TryAdd(result.Id, line))
            {
                throw new InputFormatException(resultsPath, line, "id", $"duplicate id '{result.Id}' (first on line {lineOfId[result.Id]})");
            }
            if (!items.TryGetValue(result.Id, out var item))
            {
                throw new InputFormatException(resultsPath, line, "id", $"no item with id '{result.Id}' in {itemsPath}: the bank joins results to the items they judged");
            }
            if (!questionOfInstruction.TryGetValue(item.Instruction, out var question))
            {
                question = questionOfInstruction.Count + 1;
                questionOfInstruction.Add(item.Instruction, question);
                questions.Add(question, new BankQuestion(question, item.Category ?? "", [item.Reference]));
            }
            double? gold = result.Score is { } score ? BankScale.Prometheus.ToBank(score) : null;
            if (gold is null)
            {
                excluded["gold has no score"] = excluded.GetValueOrDefault("gold has no score") + 1;
            }
            answers.Add(new JudgedAnswer(item.Id, "", question, LogicKorTurn.SingleTurn, item.Category ?? "", item.Response, gold));
        }
        if (answers.Count == 0)
        {
            throw new InputFormatException(resultsPath, null, null, "no result rows: a bank needs judged answers");
        }
        return new JudgmentBank(answers, questions, excluded, FingerprintOf(answers), BankScale.Prometheus, questionOfInstruction);
    }

    /// <summary>The same bank without some models' answers: what leave-one-model-out judges against.</summary>
    public JudgmentBank Without(IReadOnlySet<string> models)
    {
        ArgumentNullException.ThrowIfNull(models);
        var kept = Answers.Where(a => !models.Contains(a.Model)).ToList();
        return new JudgmentBank(kept, Questions, Excluded, FingerprintOf(kept), Scale, questionOfInstruction);
    }

    private static string FingerprintOf(IEnumerable<JudgedAnswer> answers)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var a in answers)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{a.Model}|{a.Strategy}|{a.QuestionId}|{a.Turn}|{a.Gold}|{a.Answer}\n")));
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset().AsSpan(0, 8));
    }

    private static double? GoldOf(LogicKorTurnJudgment? judgment, Dictionary<string, int> excluded)
    {
        string reason;
        if (judgment?.Score is not { } score)
        {
            reason = "gold has no score";
        }
        else if (judgment.Message == MetaPairBuilder.LogicKorJudgeFailure)
        {
            reason = "gold judge failed (LogicKor wrote 0)";
        }
        else
        {
            return score;
        }
        excluded[reason] = excluded.GetValueOrDefault(reason) + 1;
        return null;
    }
}
