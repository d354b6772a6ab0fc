using System.Globalization;

namespace KoJudge.Runs;

/// <summary>An adapter on an engine's model, such as a LoRA, and the scale it is applied with.</summary>
/// <param name="Adapter">What stands for the adapter's weights, as its engine names them.</param>
public sealed record AdapterIdentity(string Adapter, float Scale)
{
    /// <summary><c>adapter:scale</c>, the scale written the same on every machine.</summary>
    public string Canonical => $"{Adapter}:{Scale.ToString(CultureInfo.InvariantCulture)}";
}
