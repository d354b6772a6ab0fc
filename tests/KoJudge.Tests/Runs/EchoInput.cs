namespace KoJudge.Tests.Runs;

/// <summary>An input of <see cref="EchoJob"/>: its text decides its row; an <see cref="Output"/> of its own, or the job's.</summary>
internal sealed record EchoInput(string Id, string Text, string? Output = null);
