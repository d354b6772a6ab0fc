namespace KoJudge.Runs;

/// <summary>
/// What a resumable run will do, worked out from its inputs and its outputs before anything is changed or any engine
/// is asked: how many inputs are this run's, which rows already there are kept, which failed rows are to be run again,
/// and which outputs hold rows made otherwise (<see cref="Stale"/>), which stop the run before it starts.
/// </summary>
public sealed class RunPlan
{
    private readonly IReadOnlyDictionary<string, HashSet<string>> kept;
    private readonly IReadOnlyDictionary<string, HashSet<string>> retried;

    internal RunPlan(
        IReadOnlyList<string> outputs,
        IReadOnlyDictionary<string, HashSet<string>> kept,
        IReadOnlyDictionary<string, HashSet<string>> retried,
        int items,
        int alreadyFailed,
        IReadOnlyList<StaleRows> stale,
        IReadOnlyList<string> tornOutputs,
        IReadOnlyList<string> busyOutputs)
    {
        Outputs = outputs;
        this.kept = kept;
        this.retried = retried;
        Items = items;
        AlreadyFailed = alreadyFailed;
        Stale = stale;
        TornOutputs = tornOutputs;
        BusyOutputs = busyOutputs;
    }

    /// <summary>Every output this run's inputs go to, in the order first met.</summary>
    public IReadOnlyList<string> Outputs { get; }

    /// <summary>The inputs that are this run's (its shard's), done or not.</summary>
    public int Items { get; }

    /// <summary>Rows already in the outputs for this run's inputs, made the same way: kept, and not run again.</summary>
    public int AlreadyDone => kept.Values.Sum(ids => ids.Count);

    /// <summary>Of <see cref="AlreadyDone"/>, the rows without a result.</summary>
    public int AlreadyFailed { get; }

    /// <summary>Failed rows to be taken out of the outputs and run again.</summary>
    public int FailedToRetry => retried.Values.Sum(ids => ids.Count);

    /// <summary>What the run will do: the inputs without a kept row.</summary>
    public int ToDo => Items - AlreadyDone;

    /// <summary>Outputs holding rows for this run's inputs that were made otherwise; a plan with any cannot run.</summary>
    public IReadOnlyList<StaleRows> Stale { get; }

    /// <summary>Outputs ending in a torn line, left by a killed run, which the run cuts off before it appends.</summary>
    public IReadOnlyList<string> TornOutputs { get; }

    /// <summary>
    /// Outputs another process was writing when the plan was made (<see cref="OutputLock"/>); a run over them stops with
    /// <see cref="OutputInUseException"/> before it changes anything.
    /// </summary>
    public IReadOnlyList<string> BusyOutputs { get; }

    internal bool Keeps(string output, string id) => kept.TryGetValue(output, out var ids) && ids.Contains(id);

    internal IReadOnlySet<string> RetriedIn(string output) => retried.TryGetValue(output, out var ids) ? ids : EmptyIds;

    private static readonly HashSet<string> EmptyIds = [];
}
