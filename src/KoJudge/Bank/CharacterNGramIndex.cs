using KoJudge.Baselines;

namespace KoJudge.Bank;

/// <summary>
/// An inverted index of the character n-grams of one slot's answers, which gives one answer's chrF (both ways) and
/// the cosine of the n-gram count vectors against every answer of the slot in one pass over the postings of its n-grams.
/// Every measure is a function of the two answers alone (integer counts, no corpus statistics such as idf), so an
/// answer compared inside an index that also holds a held-out model's answers scores exactly as in an index without
/// them: leave-one-model-out needs one index, not one per held-out model.
/// </summary>
/// <remarks>
/// Written by hand because no maintained .NET library compares one text with many by chrF: ML.NET's text featurizer
/// makes n-gram vectors but no pairwise measure. Walking postings costs the sum of the answer's n-grams' document
/// frequencies, where comparing pair by pair would cost thousands of dictionary look-ups for each of the slot's
/// hundred-odd answers. Members are kept as arrays of n-gram ids, so comparing a member looks nothing up.
/// </remarks>
internal sealed class CharacterNGramIndex
{
    private const int Orders = CharacterNGrams.Orders;

    // A table per order; an n-gram's id in the postings is its order's base plus its id in the order's table.
    private readonly NGramVocabulary[] vocabulary = [.. Enumerable.Range(0, Orders).Select(_ => new NGramVocabulary())];
    private readonly int[] idBase = new int[Orders];
    private readonly int[][] memberIds;
    private readonly int[][] memberCounts;
    private readonly int[][] memberOrderStart;
    private readonly int[] postingStart;
    private readonly int[] postingDocument;
    private readonly int[] postingCount;
    private readonly int[][] totals;
    private readonly double[] norms;

    public CharacterNGramIndex(IReadOnlyList<string> texts)
    {
        ArgumentNullException.ThrowIfNull(texts);
        Count = texts.Count;
        var codePointsOf = texts.Select(CharacterNGrams.CodePoints).ToArray();
        memberIds = new int[Count][];
        memberCounts = new int[Count][];
        memberOrderStart = new int[Count][];
        totals = new int[Count][];
        var idsOf = new List<int>[Count];
        var countsOf = new List<int>[Count];
        for (var d = 0; d < Count; d++)
        {
            (idsOf[d], countsOf[d], memberOrderStart[d]) = ([], [], new int[Orders + 1]);
            totals[d] = [.. Enumerable.Range(1, Orders).Select(n => Math.Max(0, codePointsOf[d].Length - n + 1))];
        }
        var counts = new int[1024];
        var documentFrequency = new List<int>();
        var touched = new List<int>();
        // Order by order, each order's table alone in the cache while every answer passes through it.
        for (var o = 0; o < Orders; o++)
        {
            var n = o + 1;
            idBase[o] = documentFrequency.Count;
            for (var d = 0; d < Count; d++)
            {
                var codePoints = codePointsOf[d];
                touched.Clear();
                for (var i = 0; i + n <= codePoints.Length; i++)
                {
                    var id = idBase[o] + vocabulary[o].FindOrAdd(CharacterNGrams.Key(codePoints, i, n), out var added);
                    if (added)
                    {
                        documentFrequency.Add(0);
                        if (id >= counts.Length)
                        {
                            Array.Resize(ref counts, counts.Length * 2);
                        }
                    }
                    if (counts[id]++ == 0)
                    {
                        touched.Add(id);
                    }
                }
                memberOrderStart[d][o] = idsOf[d].Count;
                foreach (var id in touched)
                {
                    idsOf[d].Add(id);
                    countsOf[d].Add(counts[id]);
                    counts[id] = 0;
                    documentFrequency[id]++;
                }
            }
        }
        for (var d = 0; d < Count; d++)
        {
            memberOrderStart[d][Orders] = idsOf[d].Count;
            memberIds[d] = [.. idsOf[d]];
            memberCounts[d] = [.. countsOf[d]];
        }
        var ids = documentFrequency.Count;
        postingStart = new int[ids + 1];
        for (var id = 0; id < ids; id++)
        {
            postingStart[id + 1] = postingStart[id] + documentFrequency[id];
        }
        postingDocument = new int[postingStart[ids]];
        postingCount = new int[postingStart[ids]];
        var fill = postingStart[..ids];
        norms = new double[Count];
        for (var d = 0; d < Count; d++)
        {
            long norm = 0;
            for (var k = 0; k < memberIds[d].Length; k++)
            {
                var id = memberIds[d][k];
                postingDocument[fill[id]] = d;
                postingCount[fill[id]] = memberCounts[d][k];
                fill[id]++;
                norm += (long)memberCounts[d][k] * memberCounts[d][k];
            }
            norms[d] = Math.Sqrt(norm);
        }
    }

    public int Count { get; }

    /// <summary>A slot member against every member, itself included.</summary>
    public SlotSimilarities CompareMember(int member)
    {
        var matches = new int[Count * Orders];
        var dot = new long[Count];
        var ids = memberIds[member];
        var counts = memberCounts[member];
        var orderStart = memberOrderStart[member];
        for (var o = 0; o < Orders; o++)
        {
            for (var k = orderStart[o]; k < orderStart[o + 1]; k++)
            {
                Accumulate(ids[k], o, counts[k], matches, dot);
            }
        }
        return Similarities(matches, dot, totals[member], norms[member]);
    }

    /// <summary>Each member's chrF (0–1) against a reference text.</summary>
    public float[] ChrFAgainst(string reference)
    {
        var grams = CharacterNGrams.Of(reference);
        var referenceCount = new int[postingStart.Length - 1];
        for (var o = 0; o < Orders; o++)
        {
            foreach (var (key, count) in grams.Counts[o])
            {
                if (vocabulary[o].Find(key) is var local and >= 0 && idBase[o] + local is var id)
                {
                    referenceCount[id] = count;
                }
            }
        }
        var result = new float[Count];
        Span<int> matches = stackalloc int[Orders];
        for (var d = 0; d < Count; d++)
        {
            matches.Clear();
            for (var o = 0; o < Orders; o++)
            {
                for (var k = memberOrderStart[d][o]; k < memberOrderStart[d][o + 1]; k++)
                {
                    matches[o] += Math.Min(memberCounts[d][k], referenceCount[memberIds[d][k]]);
                }
            }
            result[d] = (float)(CharacterF.FromCounts(matches, totals[d], grams.Totals) / 100);
        }
        return result;
    }

    /// <summary>A new answer against every member.</summary>
    public SlotSimilarities Compare(string text)
    {
        var query = CharacterNGrams.Of(text);
        var matches = new int[Count * Orders];
        var dot = new long[Count];
        long queryNorm = 0;
        for (var o = 0; o < Orders; o++)
        {
            foreach (var (key, queryCount) in query.Counts[o])
            {
                queryNorm += (long)queryCount * queryCount;
                var local = vocabulary[o].Find(key);
                if (local >= 0)
                {
                    Accumulate(idBase[o] + local, o, queryCount, matches, dot);
                }
            }
        }
        return Similarities(matches, dot, query.Totals, Math.Sqrt(queryNorm));
    }

    private void Accumulate(int id, int order, int queryCount, int[] matches, long[] dot)
    {
        for (var p = postingStart[id]; p < postingStart[id + 1]; p++)
        {
            var d = postingDocument[p];
            var count = postingCount[p];
            matches[d * Orders + order] += Math.Min(queryCount, count);
            dot[d] += (long)queryCount * count;
        }
    }

    private SlotSimilarities Similarities(int[] matches, long[] dot, int[] queryTotals, double queryNorm)
    {
        var forward = new float[Count];
        var backward = new float[Count];
        var cosine = new float[Count];
        for (var d = 0; d < Count; d++)
        {
            var counts = matches.AsSpan(d * Orders, Orders);
            forward[d] = (float)(CharacterF.FromCounts(counts, queryTotals, totals[d]) / 100);
            backward[d] = (float)(CharacterF.FromCounts(counts, totals[d], queryTotals) / 100);
            cosine[d] = queryNorm > 0 && norms[d] > 0 ? (float)Math.Min(1, dot[d] / (queryNorm * norms[d])) : 0;
        }
        return new SlotSimilarities(forward, backward, cosine);
    }
}
