namespace KoJudge.Runs;

/// <summary>
/// Rows an output holds for this run's inputs that were made otherwise (another prompt, engine, model, setting or
/// input): a rerun neither keeps them, which would mix settings, nor writes over them, which would lose work.
/// </summary>
public sealed record StaleRows(string Output, int Count);
