namespace KoJudge.Bank;

/// <summary>What the features read of the answer itself, apart from its neighbours.</summary>
/// <param name="ReferenceChrF">chrF against the turn's reference on 0–1, or −1 where the question has none.</param>
/// <param name="FirstTurnEstimate">For turn 2, the simple estimate of the same conversation's turn-1 answer.</param>
internal readonly record struct AnswerFacts(
    int TurnIndex, int CategoryIndex, float Hangul, float LogLength, float ReferenceChrF, float? FirstTurnEstimate, float? FirstTurnHangul);
