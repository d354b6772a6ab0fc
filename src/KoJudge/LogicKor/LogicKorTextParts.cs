namespace KoJudge.LogicKor;

/// <summary>The parts of a LogicKor folder a command reads, so the folder is checked for just those before any engine starts.</summary>
[Flags]
public enum LogicKorTextParts
{
    None = 0,
    Questions = 1,
    JudgePrompts = 2,
    Strategies = 4,
}
