using System.Globalization;
using KoJudge.Runs;

namespace KoJudge.LogicKor;

/// <summary>
/// What LogicKor's two runs share as jobs of the <see cref="ResumableRunner{TInput, TRow}"/>: rows keyed by question
/// id in LogicKor's format, hashed from the run's settings and the row they start from.
/// </summary>
public abstract class LogicKorJob : IRunJob<LogicKorWork, LogicKorRecord>
{
    /// <summary>Everything about the run that decides its rows, as it goes into each row's request hash.</summary>
    protected abstract string SettingsText { get; }

    public string IdOf(LogicKorWork input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return input.Record.Id.ToString(CultureInfo.InvariantCulture);
    }

    public string OutputOf(LogicKorWork input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return input.Output;
    }

    public string RequestHashOf(LogicKorWork input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return LogicKorRequestHash.Compute(SettingsText, input.Record);
    }

    public abstract ValueTask<LogicKorRecord> RunAsync(LogicKorWork input, CancellationToken cancellationToken);

    public LogicKorRecord WithRequestHash(LogicKorRecord row, string requestHash)
    {
        ArgumentNullException.ThrowIfNull(row);
        return row with { RequestHash = requestHash };
    }

    public abstract RowOutcome OutcomeOf(LogicKorRecord row);

    public WrittenRow ReadWritten(string path, int line, string text)
    {
        var row = LogicKorReader.ParseLine(path, line, text, requireOutputs: false);
        var outcome = OutcomeOf(row);
        return new WrittenRow(row.Id.ToString(CultureInfo.InvariantCulture), row.RequestHash, !outcome.Succeeded, outcome.ErrorKind);
    }
}
