using System.Text;

namespace KoJudge.Baselines;

/// <summary>
/// The share of Hangul syllables (U+AC00–U+D7A3) among an answer's non-whitespace characters; 0 for an empty answer.
/// LogicKor scores answers not written in Korean 0, so this alone already ranks many of them.
/// </summary>
public static class HangulShare
{
    public static double Of(string answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        int hangul = 0, total = 0;
        foreach (var rune in answer.EnumerateRunes())
        {
            if (Rune.IsWhiteSpace(rune))
            {
                continue;
            }
            total++;
            if (rune.Value is >= 0xAC00 and <= 0xD7A3)
            {
                hangul++;
            }
        }
        return total == 0 ? 0 : (double)hangul / total;
    }
}
