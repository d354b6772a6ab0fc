using System.Globalization;
using KoJudge.Judging;

namespace KoJudge.Bank;

/// <summary>
/// The bank's estimate of the gold judge's score for one answer, on the gold's scale, with the nearest judged answers;
/// or no score and the reason (<see cref="ErrorKind.Unjudgeable"/> for a question the bank does not know).
/// </summary>
public sealed record BankEstimate(double? Score, IReadOnlyList<BankNeighbour> Neighbours, string? Error = null, ErrorKind? ErrorKind = null)
{
    public static BankEstimate Unjudgeable(string reason) => new(null, [], reason, Judging.ErrorKind.Unjudgeable);

    /// <summary>The neighbours as one line of feedback: <c>nearest judged answers: org/model (default) 9 at 0.81; …</c>.</summary>
    public string Feedback() =>
        "nearest judged answers: " + string.Join("; ", Neighbours.Select(n => string.Create(
            CultureInfo.InvariantCulture, $"{n.Model}{(n.Strategy.Length > 0 ? $" ({n.Strategy})" : "")} {n.Score:0.#} at {n.Similarity:0.00}")));
}
