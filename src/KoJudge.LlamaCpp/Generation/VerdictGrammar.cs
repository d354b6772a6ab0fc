using LLama.Native;
using LLama.Sampling;

namespace KoJudge.LlamaCpp.Generation;

/// <summary>
/// The GBNF grammar behind <c>--constrain</c>: <c>Feedback: &lt;text&gt; [RESULT] &lt;1-5&gt;</c>, then an end token
/// (llama.cpp allows only end tokens once a grammar is complete). The text is restricted to real characters:
/// printable ASCII without brackets, so no second marker can start, Hangul, and common punctuation.
/// </summary>
internal static class VerdictGrammar
{
    public const string Marker = " [RESULT] ";

    public const string Gbnf = """
        root ::= "Feedback: " text " [RESULT] " [1-5]
        text ::= char+
        char ::= [\x20-\x5A\x5C\x5E-\x7E] | "\n" | [\u00B7\u1100-\u11FF\u2010-\u203A\u3000-\u303F\u3130-\u318F\uAC00-\uD7A3]
        """;

    /// <summary>
    /// What a constrained reply must still write when its token budget runs out: the marker and a digit.
    /// Switching to it keeps the promise that every constrained reply has a verdict.
    /// </summary>
    public const string ClosingGbnf = """root ::= " [RESULT] " [1-5]""";

    public static Grammar Create() => new(Gbnf, "root");

    public static Grammar CreateClosing() => new(ClosingGbnf, "root");

    /// <summary>
    /// Byte tokens that can never be part of valid UTF-8 (C0, C1, F5–FF). llama.cpp's grammar lets a random model
    /// run through them as partial characters, so they are banned outright.
    /// </summary>
    public static IReadOnlyDictionary<LLamaToken, float> BanInvalidUtf8Bytes(SafeLlamaModelHandle model)
    {
        var banned = new Dictionary<LLamaToken, float>();
        Span<byte> bytes = stackalloc byte[8];
        var count = model.Vocab.Count;
        for (var id = 0; id < count; id++)
        {
            var token = (LLamaToken)id;
            var length = (int)model.TokenToSpan(token, bytes);
            if (length == 1 && bytes[0] is 0xC0 or 0xC1 or >= 0xF5)
            {
                banned[token] = float.NegativeInfinity;
            }
        }
        return banned;
    }
}
