namespace KoJudge.Bank;

/// <summary>A bank answer judged with its model (and that model's aliases, under every strategy) out of the bank.</summary>
public sealed record HeldOutEstimate(JudgedAnswer Answer, double Estimate);
