using KoJudge.LogicKor;

namespace KoJudge.Bank;

/// <summary>
/// One answer in the judgment bank: which model wrote it under which strategy, the question and turn it answers,
/// the text, and the gold judge's score. <see cref="Gold"/> is null where the gold judge failed on it (LogicKor's
/// <c>Impossible to judge due to repetition.</c>): such an answer is kept so its turn-2 sibling can see it as context,
/// but it is never a neighbour nor a training example.
/// </summary>
public sealed record JudgedAnswer(string Model, string Strategy, int QuestionId, LogicKorTurn Turn, string Category, string Answer, double? Gold)
{
    /// <summary>For a turn-2 answer, the same model's turn-1 answer to the question, which the gold judge read as context.</summary>
    public string? FirstTurnAnswer { get; init; }

    public BankSlot Slot => new(QuestionId, Turn);
}
