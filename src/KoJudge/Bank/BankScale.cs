using System.Globalization;

namespace KoJudge.Bank;

/// <summary>
/// The gold judge's scale, and the bank's own. The features' cut-offs (8 or more a good answer, 3 or less a poor
/// one) were chosen on LogicKor's 0–10, so the bank holds every gold score on 0–10 and gives estimates and neighbours
/// back on the gold's scale: a bank of Prometheus results (1–5) learns and answers as LogicKor's does.
/// </summary>
public sealed record BankScale(double Low, double High)
{
    public static BankScale LogicKor { get; } = new(0, 10);

    /// <summary>KoJudge's own result rows: the Prometheus judge's 1–5.</summary>
    public static BankScale Prometheus { get; } = new(1, 5);

    public double ToBank(double gold) => (gold - Low) / (High - Low) * 10;

    public double ToGold(double bank) => Low + (bank / 10 * (High - Low));

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Low:0.#}-{High:0.#}");
}
