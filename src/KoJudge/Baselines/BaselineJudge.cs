using System.Collections.Concurrent;

namespace KoJudge.Baselines;

/// <summary>
/// A judge that needs no model: a number computed from the answer (and a reference), to show the floor any real judge
/// must clear. <c>hangul</c>, <c>chrf</c>, and <c>hangul-chrf</c> (their product).
/// </summary>
public sealed class BaselineJudge
{
    private readonly Func<string, string?, double?> score;

    private BaselineJudge(string name, bool needsReference, Func<string, string?, double?> score)
    {
        Name = name;
        NeedsReference = needsReference;
        this.score = score;
    }

    public static IReadOnlyList<BaselineJudge> All { get; } =
    [
        new("hangul", false, (answer, _) => HangulShare.Of(answer)),
        new("chrf", true, (answer, reference) => reference is null ? null : ChrF(answer, reference)),
        new("hangul-chrf", true, (answer, reference) => reference is null ? null : HangulShare.Of(answer) * ChrF(answer, reference)),
    ];

    // Every model's answer to a question meets the same reference: profile each reference once.
    // A benchmark has a few hundred references at most, so the cache stays small.
    private static readonly ConcurrentDictionary<string, NGramProfile> ReferenceProfiles = new(StringComparer.Ordinal);

    /// <summary>The floor every meta-evaluation table shows beside the judge.</summary>
    public static BaselineJudge Floor => All[2];

    public string Name { get; }

    public bool NeedsReference { get; }

    /// <summary>The baseline's score, or null where it needs a reference and there is none.</summary>
    public double? Score(string answer, string? reference) => score(answer, reference);

    public static BaselineJudge? Find(string name) => All.FirstOrDefault(b => b.Name == name);

    private static double ChrF(string answer, string reference) =>
        CharacterF.Score(NGramProfile.Of(answer), ReferenceProfiles.GetOrAdd(reference, NGramProfile.Of));
}
