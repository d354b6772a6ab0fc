using System.Text;

namespace KoJudge.ChatTemplates;

/// <summary>
/// Llama-3's chat template for a user turn with an optional system turn, as Hugging Face's
/// <c>apply_chat_template(..., add_generation_prompt=True)</c> renders it for Llama-3 and Bllossom:
/// each turn is <c>&lt;|start_header_id|&gt;role&lt;|end_header_id|&gt;\n\n{content | trim}&lt;|eot_id|&gt;</c>,
/// the first is preceded by <c>&lt;|begin_of_text|&gt;</c>, and the assistant header ends the text.
/// </summary>
public static class Llama3ChatTemplate
{
    public const string BeginOfText = "<|begin_of_text|>";
    public const string EndOfText = "<|end_of_text|>";
    public const string EndOfTurn = "<|eot_id|>";
    public const string StartHeader = "<|start_header_id|>";
    public const string EndHeader = "<|end_header_id|>";

    /// <summary>Renders one user message, after an optional system message, ready for the assistant's reply.</summary>
    public static string Render(string userContent, string? systemContent = null) =>
        Render(systemContent is null
            ? [("user", userContent)]
            : [("system", systemContent), ("user", userContent)]);

    /// <summary>Renders a whole conversation of (role, content) turns, ready for the assistant's reply.</summary>
    public static string Render(IEnumerable<(string Role, string Content)> turns)
    {
        var text = new StringBuilder(BeginOfText);
        foreach (var (role, content) in turns)
        {
            AppendTurn(text, role, content);
        }
        text.Append(StartHeader).Append("assistant").Append(EndHeader).Append("\n\n");
        return text.ToString();
    }

    // Jinja's trim is Python's str.strip(): Unicode whitespace at both ends, as .NET's Trim() removes.
    private static void AppendTurn(StringBuilder text, string role, string content) =>
        text.Append(StartHeader).Append(role).Append(EndHeader).Append("\n\n").Append(content.Trim()).Append(EndOfTurn);
}
