using System.Text.Json.Serialization;
using KoJudge.Judging;

namespace KoJudge.Tests.Runs;

/// <summary>A row of <see cref="EchoJob"/>: its result, or why it has none.</summary>
internal sealed record EchoRow(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("result")] string? Result,
    [property: JsonPropertyName("error_kind")] ErrorKind? ErrorKind = null,
    [property: JsonPropertyName("request_hash")] string? RequestHash = null);
