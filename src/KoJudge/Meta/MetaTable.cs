using System.Text.Json.Serialization;

namespace KoJudge.Meta;

/// <summary>The seed's table, extended: agreement overall and per LogicKor category, with what was left out and why, and the judges side by side.</summary>
public sealed record MetaTable(
    [property: JsonPropertyName("judge")] string Judge,
    [property: JsonPropertyName("gold")] string Gold,
    [property: JsonPropertyName("strategy")] string Strategy,
    [property: JsonPropertyName("turn")] string Turn,
    [property: JsonPropertyName("floor")] string Floor,
    [property: JsonPropertyName("overall")] AgreementSummary Overall,
    [property: JsonPropertyName("categories")] IReadOnlyDictionary<string, AgreementSummary> Categories,
    [property: JsonPropertyName("excluded")] IReadOnlyDictionary<string, int> Excluded)
{
    /// <summary>The floor, the bank judge (where it was run) and the judge under test, one line each.</summary>
    [JsonPropertyName("side_by_side")]
    public IReadOnlyList<JudgeAgreement> SideBySide { get; init; } = [];

    /// <summary>The bank judge's ρ per category (leave-one-model-out), where it was run beside the judge.</summary>
    [JsonPropertyName("bank_spearman")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, double?>? BankSpearman { get; init; }
}
