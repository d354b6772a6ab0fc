using System.Runtime.InteropServices;
using System.Text;
using KoJudge.Baselines;

namespace KoJudge.Bank;

/// <summary>
/// One text's character n-grams of orders 1 to <see cref="Orders"/>, whitespace removed as chrF does, each
/// n-gram as a 64-bit key with its count. N-grams of up to 3 code points (21 bits each) pack exactly; longer ones are
/// hashed from their exact packing with a 64-bit mixer, where a collision among the few hundred thousand n-grams of
/// one question's answers has odds near 10⁻⁸.
/// </summary>
internal sealed class CharacterNGrams
{
    /// <summary>
    /// Only the first this many characters (whitespace removed) are compared. Indexing costs a table look-up per
    /// n-gram, and the longest answers in LogicKor's bank (up to 30,000 characters) are runaway repetition. With 300,
    /// leave-one-model-out ρ is 0.737 against 0.745 with 500, and the bank loads in two thirds of the time.
    /// </summary>
    public const int MaxCodePoints = 300;

    /// <summary>
    /// The bank compares by chrF of character orders 1 to 4 (sacrebleu's <c>char_order=4</c>), not chrF's default 6:
    /// orders 5 and 6 hold most of the distinct n-grams, so they cost most of an index's time, and answers that share
    /// their 4-grams share their 6-grams too. Leave-one-model-out agreement was the same either way (0.739 and 0.754 with
    /// FastTree, orders 1–4 and 1–6, on the first 1,000 and 2,000 characters).
    /// </summary>
    public const int Orders = 4;

    private CharacterNGrams(Dictionary<long, int>[] counts, int[] totals)
    {
        Counts = counts;
        Totals = totals;
    }

    /// <summary>Per order (index 0 is order 1), each n-gram's key and count.</summary>
    public Dictionary<long, int>[] Counts { get; }

    /// <summary>Per order, how many n-grams the text has (its length minus n plus 1, at least 0).</summary>
    public int[] Totals { get; }

    public static CharacterNGrams Of(string text)
    {
        var codePoints = CodePoints(text);
        var counts = new Dictionary<long, int>[Orders];
        var totals = new int[Orders];
        for (var n = 1; n <= Orders; n++)
        {
            var grams = new Dictionary<long, int>(Math.Max(0, codePoints.Length - n + 1));
            for (var i = 0; i + n <= codePoints.Length; i++)
            {
                CollectionsMarshal.GetValueRefOrAddDefault(grams, Key(codePoints, i, n), out _)++;
            }
            counts[n - 1] = grams;
            totals[n - 1] = Math.Max(0, codePoints.Length - n + 1);
        }
        return new CharacterNGrams(counts, totals);
    }

    /// <summary>The distinct keys of one order's n-grams, sorted.</summary>
    public static long[] DistinctKeys(string text, int n)
    {
        var codePoints = CodePoints(text);
        var keys = new HashSet<long>();
        for (var i = 0; i + n <= codePoints.Length; i++)
        {
            keys.Add(Key(codePoints, i, n));
        }
        return [.. keys.Order()];
    }

    /// <summary>chrF (0–100) of a hypothesis against a reference, walking the smaller side of each order.</summary>
    public static double ChrF(CharacterNGrams hypothesis, CharacterNGrams reference)
    {
        Span<int> matches = stackalloc int[Orders];
        for (var o = 0; o < Orders; o++)
        {
            var (small, large) = hypothesis.Counts[o].Count <= reference.Counts[o].Count
                ? (hypothesis.Counts[o], reference.Counts[o])
                : (reference.Counts[o], hypothesis.Counts[o]);
            var sum = 0;
            foreach (var (key, count) in small)
            {
                sum += Math.Min(count, large.GetValueOrDefault(key));
            }
            matches[o] = sum;
        }
        return CharacterF.FromCounts(matches, hypothesis.Totals, reference.Totals);
    }

    // The same code points NGramProfile reads: Python indexes code points, and sacrebleu drops whitespace.
    public static int[] CodePoints(string text)
    {
        var result = new List<int>(Math.Min(text.Length, MaxCodePoints));
        foreach (var rune in text.EnumerateRunes())
        {
            if (!Rune.IsWhiteSpace(rune))
            {
                result.Add(rune.Value);
                if (result.Count == MaxCodePoints)
                {
                    break;
                }
            }
        }
        return [.. result];
    }

    public static long Key(int[] codePoints, int start, int n)
    {
        var (high, low) = NGramProfile.Pack(codePoints, start, n);
        return n <= 3 ? high : Mix(high * unchecked((long)0x9E3779B97F4A7C15UL) ^ low);
    }

    // SplitMix64's finalizer: every input bit reaches every output bit.
    private static long Mix(long value)
    {
        var z = (ulong)value;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return (long)(z ^ (z >> 31));
    }
}
