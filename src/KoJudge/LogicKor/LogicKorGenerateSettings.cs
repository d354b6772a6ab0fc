using System.Globalization;
using System.Text.Json;

namespace KoJudge.LogicKor;

/// <summary>What decides the answers of a <c>logickor generate</c> run.</summary>
/// <param name="Engine">The engine's identity (kind, model, adapters), never an address or a key.</param>
/// <param name="Strategy">The messages placed before each question.</param>
public sealed record LogicKorGenerateSettings(string Engine, int MaxOutputTokens, IReadOnlyList<(string Role, string Content)> Strategy)
{
    // Kept to the letter of the text earlier versions hashed, so outputs they wrote still resume.
    internal string HashText => string.Join('|',
        "generate",
        $"engine={Engine}",
        $"max_tokens={MaxOutputTokens.ToString(CultureInfo.InvariantCulture)}",
        $"strategy={JsonSerializer.Serialize(Strategy.Select(m => new[] { m.Role, m.Content }))}");
}
