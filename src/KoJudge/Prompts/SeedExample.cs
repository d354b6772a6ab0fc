namespace KoJudge.Prompts;

/// <summary>The worked example from the seed's model card: one item and the judge's reply to it.</summary>
public sealed record SeedExample(
    string Instruction,
    string Response,
    string Reference,
    string Category,
    string JudgeOutput,
    int Score);
