using KoJudge.LogicKor;

namespace KoJudge.Bank;

/// <summary>Where a judged answer sits in the bank: one turn of one question. Answers are only compared within a slot.</summary>
public readonly record struct BankSlot(int QuestionId, LogicKorTurn Turn);
