namespace KoJudge.LlamaCpp.Generation;

/// <summary>A request waiting for, or holding, a sequence, and the promise its caller awaits.</summary>
internal sealed class PendingGeneration(GenerationRequest request, CancellationToken cancellationToken)
{
    public GenerationRequest Request { get; } = request;

    public CancellationToken CancellationToken { get; } = cancellationToken;

    public TaskCompletionSource<GenerationResult> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
