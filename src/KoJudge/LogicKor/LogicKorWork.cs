namespace KoJudge.LogicKor;

/// <summary>One LogicKor row to run (a question to answer, an answer to judge) and the output file its result goes to.</summary>
public sealed record LogicKorWork(LogicKorRecord Record, string Output);
