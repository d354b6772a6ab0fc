using System.Text.Json.Serialization;

namespace KoJudge.Meta;

/// <summary>What a comparison was run on and by: the gold and its selection, KoJudge's version, the command line and when.</summary>
public sealed record MetaRunInfo(
    [property: JsonPropertyName("gold")] string Gold,
    [property: JsonPropertyName("gold_files")] int GoldFiles,
    [property: JsonPropertyName("strategy")] string Strategy,
    [property: JsonPropertyName("turn")] string Turn,
    [property: JsonPropertyName("version")] string Version,
    [property: JsonPropertyName("command")] string Command,
    [property: JsonPropertyName("date")] DateTimeOffset Date);
