using System.Text.Json.Serialization;

namespace KoJudge.Judging;

/// <summary>
/// Why a row has no result, as a value a summary can count and a program can act on; the row's <c>error</c> text
/// says the same for a person. Written as <c>error_kind</c>.
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<ErrorKind>))]
public enum ErrorKind
{
    /// <summary>The engine failed: a dropped connection, a server error after every retry, a body that is not JSON.</summary>
    [JsonStringEnumMemberName("engine_error")]
    EngineError,

    /// <summary>The engine refused the key (HTTP 401 or 403); no request will fare better until the key changes.</summary>
    [JsonStringEnumMemberName("unauthorized")]
    Unauthorized,

    /// <summary>The prompt does not fit the engine's context; asking again cannot help.</summary>
    [JsonStringEnumMemberName("prompt_too_long")]
    PromptTooLong,

    /// <summary>The reply hit the token limit before it gave a verdict.</summary>
    [JsonStringEnumMemberName("truncated")]
    Truncated,

    /// <summary>The reply ended without a verdict the parser accepts.</summary>
    [JsonStringEnumMemberName("no_verdict")]
    NoVerdict,

    /// <summary>The input cannot be judged as it is: a category without a rubric, an answer without the turn asked for.</summary>
    [JsonStringEnumMemberName("unjudgeable")]
    Unjudgeable,
}
