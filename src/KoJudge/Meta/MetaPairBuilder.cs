using KoJudge.Baselines;
using KoJudge.LogicKor;

namespace KoJudge.Meta;

/// <summary>
/// Joins gold judgments with the judge's on (model, question id, turn), or scores the gold's answers with a baseline,
/// and puts the floor (<see cref="BaselineJudge.Floor"/>) beside each pair. What cannot be paired is counted by reason.
/// </summary>
public sealed class MetaPairBuilder
{
    /// <summary>The message LogicKor v2 writes, with a score of 0, when its judge failed: not a judgment.</summary>
    public const string LogicKorJudgeFailure = "Impossible to judge due to repetition.";

    private readonly LogicKorTurn turn;
    private readonly Dictionary<int, LogicKorRecord> referenceAnswers;
    private readonly Dictionary<string, int> excluded = new(StringComparer.Ordinal);

    /// <param name="referenceAnswers">A reference model's answers, standing in where a question has no reference (the seed used GPT-4's).</param>
    public MetaPairBuilder(LogicKorTurn turn, IReadOnlyList<LogicKorRecord>? referenceAnswers)
    {
        this.turn = turn;
        this.referenceAnswers = (referenceAnswers ?? []).ToDictionary(r => r.Id);
    }

    public IReadOnlyDictionary<string, int> Excluded => excluded;

    private int TurnIndex => turn == LogicKorTurn.SingleTurn ? 0 : 1;

    /// <summary>The turn's reference, else the reference model's answer to it, else null.</summary>
    public string? ReferenceFor(LogicKorRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return record.ReferenceOf(TurnIndex)
            ?? (referenceAnswers.TryGetValue(record.Id, out var answer) && answer.Outputs is { } outputs && outputs.Count > TurnIndex ? outputs[TurnIndex] : null);
    }

    public List<MetaPair> WithBaseline(IEnumerable<LogicKorResultSet> gold, BaselineJudge baseline)
    {
        ArgumentNullException.ThrowIfNull(gold);
        ArgumentNullException.ThrowIfNull(baseline);
        var pairs = new List<MetaPair>();
        foreach (var set in gold)
        {
            foreach (var record in set.Records)
            {
                if (GoldScore(record) is not { } goldScore || Answer(record) is not { } answer)
                {
                    continue;
                }
                var reference = ReferenceFor(record);
                if (baseline.Score(answer, reference) is not { } score)
                {
                    Exclude("no reference for the baseline");
                    continue;
                }
                pairs.Add(new MetaPair(set.Model, record.Id, record.Category, turn, goldScore, score, FloorOf(answer, reference),
                    QuestionOf(record), answer, record.JudgmentOf(turn)?.Message));
            }
        }
        return pairs;
    }

    public List<MetaPair> WithJudged(IEnumerable<LogicKorResultSet> gold, IEnumerable<LogicKorResultSet> judged)
    {
        ArgumentNullException.ThrowIfNull(gold);
        ArgumentNullException.ThrowIfNull(judged);
        var judgedByKey = new Dictionary<(string, int), LogicKorRecord>();
        foreach (var set in judged)
        {
            foreach (var record in set.Records)
            {
                judgedByKey[(set.Model, record.Id)] = record;
            }
        }
        return Paired(gold, (model, record) =>
        {
            if (!judgedByKey.TryGetValue((model, record.Id), out var judgedRecord))
            {
                Exclude("not judged");
                return null;
            }
            if (judgedRecord.JudgmentOf(turn) is not { Score: { } score } judgment)
            {
                Exclude("judge gave no score");
                return null;
            }
            return (score, judgment.Message);
        });
    }

    /// <summary>Pairs the gold with estimates made apart (the bank judge's, leave-one-model-out), keyed by (model, question id).</summary>
    public List<MetaPair> WithEstimates(IEnumerable<LogicKorResultSet> gold, IReadOnlyDictionary<(string Model, int Id), double> estimates)
    {
        ArgumentNullException.ThrowIfNull(gold);
        ArgumentNullException.ThrowIfNull(estimates);
        return Paired(gold, (model, record) =>
        {
            if (estimates.TryGetValue((model, record.Id), out var estimate))
            {
                return (estimate, null);
            }
            Exclude("no estimate");
            return null;
        });
    }

    /// <summary>Every gold-scored answer with the judge's score for it; <paramref name="judgedScore"/> counts why it has none.</summary>
    private List<MetaPair> Paired(IEnumerable<LogicKorResultSet> gold, Func<string, LogicKorRecord, (double Score, string? Feedback)?> judgedScore)
    {
        var pairs = new List<MetaPair>();
        foreach (var set in gold)
        {
            foreach (var record in set.Records)
            {
                if (GoldScore(record) is not { } goldScore || Answer(record) is not { } answer || judgedScore(set.Model, record) is not { } judged)
                {
                    continue;
                }
                pairs.Add(new MetaPair(set.Model, record.Id, record.Category, turn, goldScore, judged.Score, FloorOf(answer, ReferenceFor(record)),
                    QuestionOf(record), answer, record.JudgmentOf(turn)?.Message, judged.Feedback));
            }
        }
        return pairs;
    }

    private double? GoldScore(LogicKorRecord record)
    {
        var judgment = record.JudgmentOf(turn);
        if (judgment?.Score is not { } score)
        {
            Exclude("gold has no score");
            return null;
        }
        if (judgment.Message == LogicKorJudgeFailure)
        {
            Exclude("gold judge failed (LogicKor wrote 0)");
            return null;
        }
        return score;
    }

    private string? Answer(LogicKorRecord record)
    {
        if (record.Outputs is { } outputs && outputs.Count > TurnIndex)
        {
            return outputs[TurnIndex];
        }
        Exclude("no answer for the turn");
        return null;
    }

    /// <summary>The question of the turn compared (the multi-turn judgment follows the second question).</summary>
    private string? QuestionOf(LogicKorRecord record) => record.Questions.Count > TurnIndex ? record.Questions[TurnIndex] : null;

    private static double? FloorOf(string answer, string? reference) => BaselineJudge.Floor.Score(answer, reference);

    private void Exclude(string reason) => excluded[reason] = excluded.GetValueOrDefault(reason) + 1;
}
