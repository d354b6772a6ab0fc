namespace KoJudge.Bank;

/// <summary>The score column ML.NET's regression writes for a <see cref="BankExample"/>.</summary>
public sealed class BankPrediction
{
    public float Score { get; set; }
}
