namespace KoJudge.Cli.Runs;

/// <summary>How a command names what its run does, for its progress and closing lines.</summary>
/// <param name="Verb">What the run does to an input: <c>judged</c>, <c>answered</c>.</param>
/// <param name="Succeeded">What an input that succeeded is: <c>scored</c>, <c>answered</c>.</param>
/// <param name="Noun">What the inputs are: <c>items</c>, <c>answers</c>, <c>questions</c>.</param>
/// <param name="Failure">What a failed row keeps, for the closing line: "recorded with its reason, not as 0".</param>
public sealed record RunWording(string Verb, string Succeeded, string Noun, string Failure);
