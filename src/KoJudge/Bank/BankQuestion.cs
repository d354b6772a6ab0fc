namespace KoJudge.Bank;

/// <summary>What the bank knows of a question beyond its answers: its category and its references (null where none), per turn.</summary>
public sealed record BankQuestion(int Id, string Category, IReadOnlyList<string?> References)
{
    public string? ReferenceOf(int turnIndex) => turnIndex < References.Count && !string.IsNullOrEmpty(References[turnIndex]) ? References[turnIndex] : null;
}
