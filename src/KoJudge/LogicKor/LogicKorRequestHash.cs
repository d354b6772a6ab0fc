namespace KoJudge.LogicKor;

/// <summary>
/// The <c>request_hash</c> of a LogicKor output row: a hash of the run's settings (the step, the engine, the model,
/// the limits) and of the row it started from (its questions, answers and references). A rerun keeps rows whose id and
/// hash match and refuses rows made otherwise, as <c>kojudge judge</c> does; LogicKor itself redoes whole files.
/// </summary>
public static class LogicKorRequestHash
{
    private const string Version = "kojudge-logickor-v1";

    /// <param name="settings">Everything about the run that decides its rows, in one string.</param>
    public static string Compute(string settings, LogicKorRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return Runs.RequestFingerprint.HashOf([Version, settings, record.Id, record.Category, record.Questions, record.Outputs, record.References]);
    }
}
