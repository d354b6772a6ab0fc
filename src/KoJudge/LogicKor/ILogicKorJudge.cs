namespace KoJudge.LogicKor;

/// <summary>A judge of LogicKor answers: it fills a row's <c>query_single</c> (and <c>query_multi</c>) judgments.</summary>
public interface ILogicKorJudge
{
    /// <summary>A short name for messages and file headers: <c>logickor</c> or <c>prometheus</c>.</summary>
    string Name { get; }

    ValueTask<LogicKorRecord> JudgeAsync(LogicKorRecord answers, CancellationToken cancellationToken = default);
}
