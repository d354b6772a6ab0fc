namespace KoJudge.Training.Data;

/// <summary>Where a training row came from: its file and its 1-based line (JSONL) or row (parquet), for messages.</summary>
public sealed record RowOrigin(string File, int Row)
{
    public override string ToString() => $"{File}:{Row}";
}
