namespace KoJudge.LogicKor;

/// <summary>Which judgment of a LogicKor answer: the first turn alone, or the second with the first as context.</summary>
public enum LogicKorTurn
{
    SingleTurn,
    MultiTurn,
}
