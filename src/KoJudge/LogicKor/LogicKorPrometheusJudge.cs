using System.Globalization;
using KoJudge.Judging;
using KoJudge.Prompts;

namespace KoJudge.LogicKor;

/// <summary>
/// The Korean Prometheus judge on LogicKor answers, as the seed compared it: the first turn with its category's rubric,
/// and the turn's reference where the question has one, else the reference model's answer (GPT-4's, in the seed).
/// The score (1 to 5) and feedback go into <c>query_single</c>; with <see cref="JudgeMultiTurn"/>, the second turn is
/// judged too, with the first exchange given as context in the instruction.
/// </summary>
public sealed class LogicKorPrometheusJudge(PrometheusJudge judge, IReadOnlyList<LogicKorRecord>? referenceAnswers, bool judgeMultiTurn = false) : ILogicKorJudge
{
    private readonly Dictionary<int, LogicKorRecord> references = (referenceAnswers ?? []).ToDictionary(r => r.Id);

    public string Name => "prometheus";

    public bool JudgeMultiTurn { get; } = judgeMultiTurn;

    public async ValueTask<LogicKorRecord> JudgeAsync(LogicKorRecord answers, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(answers);
        var single = await JudgeTurnAsync(answers, LogicKorTurn.SingleTurn, cancellationToken).ConfigureAwait(false);
        var multi = JudgeMultiTurn ? await JudgeTurnAsync(answers, LogicKorTurn.MultiTurn, cancellationToken).ConfigureAwait(false) : null;
        return answers with { SingleTurn = single, MultiTurn = multi };
    }

    /// <summary>The judge item for a turn, or null with the reason where it cannot be built.</summary>
    public JudgeItem? ItemFor(LogicKorRecord answers, LogicKorTurn turn, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(answers);
        var index = turn == LogicKorTurn.SingleTurn ? 0 : 1;
        problem = null;
        if (RubricCatalog.Find(answers.Category) is not { } builtIn)
        {
            problem = $"category '{answers.Category}' has no rubric";
            return null;
        }
        if (answers.Outputs is not { } outputs || outputs.Count <= index || answers.Questions.Count <= index)
        {
            problem = "the answer has no such turn";
            return null;
        }
        var instruction = index == 0
            ? answers.Questions[0]
            : $"{answers.Questions[0]}\n\n[Previous answer]\n{outputs[0]}\n\n[Follow-up question]\n{answers.Questions[1]}";
        var reference = answers.ReferenceOf(index)
            ?? (references.TryGetValue(answers.Id, out var model) && model.Outputs is { } modelOutputs && modelOutputs.Count > index ? modelOutputs[index] : null);
        return new JudgeItem($"{answers.Id.ToString(CultureInfo.InvariantCulture)}-{index + 1}", instruction, outputs[index], reference, builtIn.Rubric, answers.Category);
    }

    private async ValueTask<LogicKorTurnJudgment> JudgeTurnAsync(LogicKorRecord answers, LogicKorTurn turn, CancellationToken cancellationToken)
    {
        if (ItemFor(answers, turn, out var problem) is not { } item)
        {
            return LogicKorTurnJudgment.Failed(ErrorKind.Unjudgeable, problem!);
        }
        var result = await judge.JudgeAsync(item, cancellationToken).ConfigureAwait(false);
        return result.Score is { } score
            ? new LogicKorTurnJudgment(result.Feedback ?? "", score)
            : LogicKorTurnJudgment.Failed(result.ErrorKind ?? ErrorKind.NoVerdict, result.Error ?? "no verdict", result.Feedback ?? "");
    }
}
