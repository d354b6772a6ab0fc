namespace KoJudge.Meta;

/// <summary>
/// LogicKor's 0–10 gold put on Prometheus's 1–5 scale, for exact and within-1 agreement:
/// 0–2 → 1, 3–4 → 2, 5–6 → 3, 7–8 → 4, 9–10 → 5 (⌈g/2⌉, with 0 joining 1 and 2 at the bottom:
/// LogicKor gives 0 to answers not in Korean, the worst a judge can say).
/// </summary>
public static class GoldScale
{
    public static int ToFivePoint(double gold) => gold <= 2 ? 1 : Math.Min(5, (int)Math.Ceiling(gold / 2));
}
