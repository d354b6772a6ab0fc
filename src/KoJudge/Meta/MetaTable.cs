using System.Text.Json.Serialization;

namespace KoJudge.Meta;

/// <summary>The seed's table, extended: agreement overall and per LogicKor category, with what was left out and why.</summary>
public sealed record MetaTable(
    [property: JsonPropertyName("judge")] string Judge,
    [property: JsonPropertyName("gold")] string Gold,
    [property: JsonPropertyName("strategy")] string Strategy,
    [property: JsonPropertyName("turn")] string Turn,
    [property: JsonPropertyName("floor")] string Floor,
    [property: JsonPropertyName("overall")] AgreementSummary Overall,
    [property: JsonPropertyName("categories")] IReadOnlyDictionary<string, AgreementSummary> Categories,
    [property: JsonPropertyName("excluded")] IReadOnlyDictionary<string, int> Excluded);
