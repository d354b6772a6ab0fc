using System.Text;

namespace KoJudge.Baselines;

/// <summary>A text's character n-gram counts for orders 1 to <see cref="CharacterF.Order"/>, whitespace removed.</summary>
public sealed class NGramProfile
{
    private readonly Dictionary<(long, long), int>[] counts;
    private readonly int length;

    private NGramProfile(int[] codePoints)
    {
        length = codePoints.Length;
        counts = new Dictionary<(long, long), int>[CharacterF.Order];
        for (var n = 1; n <= CharacterF.Order; n++)
        {
            counts[n - 1] = Count(codePoints, n);
        }
    }

    // Python strings index code points, and sacrebleu removes whitespace by splitting and joining.
    public static NGramProfile Of(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new NGramProfile(text.EnumerateRunes().Where(r => !Rune.IsWhiteSpace(r)).Select(r => r.Value).ToArray());
    }

    internal int Total(int n) => Math.Max(0, length - n + 1);

    internal Dictionary<(long, long), int> Counts(int n) => counts[n - 1];

    // An n-gram of up to 6 code points (21 bits each) packs exactly into two longs: no strings to build per n-gram.
    private static Dictionary<(long, long), int> Count(int[] codePoints, int n)
    {
        var result = new Dictionary<(long, long), int>();
        for (var i = 0; i + n <= codePoints.Length; i++)
        {
            var key = Pack(codePoints, i, n);
            result[key] = result.GetValueOrDefault(key) + 1;
        }
        return result;
    }

    /// <summary>The n-gram at <paramref name="start"/> packed exactly: code points 1–3 in the first long, 4–6 in the second.</summary>
    internal static (long High, long Low) Pack(int[] codePoints, int start, int n)
    {
        long high = 0, low = 0;
        for (var k = 0; k < n; k++)
        {
            if (k < 3)
            {
                high = (high << 21) | (uint)codePoints[start + k];
            }
            else
            {
                low = (low << 21) | (uint)codePoints[start + k];
            }
        }
        return (high, low);
    }
}
