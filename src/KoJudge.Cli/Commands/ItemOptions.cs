using System.CommandLine;
using KoJudge.Datasets;
using KoJudge.Judging;
using KoJudge.Prompts;

namespace KoJudge.Cli.Commands;

/// <summary>The flags that describe one item on the command line, shared by <c>prompt</c> and <c>judge</c>.</summary>
public sealed class ItemOptions
{
    /// <param name="required">
    /// Whether the item's own flags are required by the parser (<c>prompt</c>, which has nothing else to do), rather
    /// than checked by the command (<c>judge</c>, where <c>--input</c> stands in for them).
    /// </param>
    public ItemOptions(bool required = false)
    {
        Rubric.Required = required;
        Instruction.Required = required;
        Response.Required = required;
    }

    public Option<string?> Rubric { get; } = new("--rubric")
    {
        Description = $"A built-in rubric ({RubricCatalog.KnownNames}) or a rubric JSON file with criteria and score1..score5.",
    };

    public Option<string?> Instruction { get; } = new("--instruction") { Description = "The instruction (question) the response answers." };

    public Option<string?> Response { get; } = new("--response") { Description = "The response to judge." };

    public Option<string?> Reference { get; } = new("--reference") { Description = "A reference answer worth 5; without it the prompt's no-reference form is used." };

    public void AddTo(Command command)
    {
        command.Options.Add(Rubric);
        command.Options.Add(Instruction);
        command.Options.Add(Response);
        command.Options.Add(Reference);
    }

    /// <summary>True where any of the item's flags was given.</summary>
    public bool AnyGiven(ParseResult parse) =>
        parse.GetResult(Rubric) is not null || parse.GetResult(Instruction) is not null
        || parse.GetResult(Response) is not null || parse.GetResult(Reference) is not null;

    /// <summary>Which of the item's required flags are missing, as a usage error's message; null where none is.</summary>
    public string? Missing(ParseResult parse)
    {
        var missing = new[] { (Rubric, "--rubric"), (Instruction, "--instruction"), (Response, "--response") }
            .Where(o => parse.GetValue(o.Item1) is null)
            .Select(o => o.Item2)
            .ToArray();
        return missing.Length == 0 ? null : $"{string.Join(", ", missing)} {(missing.Length == 1 ? "is" : "are")} required";
    }

    /// <summary>The item the flags describe, or false with the reason on stderr (a rubric that cannot be read is bad input).</summary>
    /// <remarks>Call <see cref="Missing"/> first: a missing flag is a usage error, not bad input.</remarks>
    public bool TryRead(ParseResult parse, CliConsole console, out JudgeItem item)
    {
        item = null!;
        if (Missing(parse) is { } missing)
        {
            console.Error.WriteLine($"error: {missing}.");
            return false;
        }
        Rubric rubric;
        try
        {
            rubric = RubricCatalog.Resolve(parse.GetValue(Rubric)!);
        }
        catch (Exception e) when (e is ArgumentException or InputFormatException)
        {
            console.Error.WriteLine($"error: {e.Message}");
            return false;
        }
        var rubricName = parse.GetValue(Rubric)!;
        item = new JudgeItem("cli", parse.GetValue(Instruction)!, parse.GetValue(Response)!, parse.GetValue(Reference), rubric,
            RubricCatalog.Find(rubricName)?.Category);
        return true;
    }
}
