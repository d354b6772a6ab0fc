using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace KoJudge.Datasets;

/// <summary>The JSON settings of every file and line KoJudge writes.</summary>
public static class KoJudgeJson
{
    /// <summary>
    /// One line per object, nulls written out so every row has the same fields, and Hangul written as itself:
    /// the default encoder would escape every Korean character to <c>\uXXXX</c> and make results unreadable.
    /// </summary>
    public static readonly JsonSerializerOptions Options = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        WriteIndented = false,
    };

    /// <summary>The same, indented, for one object shown to a person.</summary>
    public static readonly JsonSerializerOptions Indented = new(Options) { WriteIndented = true };
}
