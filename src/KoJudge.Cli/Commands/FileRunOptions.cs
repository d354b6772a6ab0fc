using System.CommandLine;
using KoJudge.Cli.Paths;
using KoJudge.Datasets;
using KoJudge.Judging;
using KoJudge.Runs;

namespace KoJudge.Cli.Commands;

/// <summary>
/// The flags of a command that runs a JSONL file through a judge into rows (<c>judge</c>, <c>compare</c>): one set, with
/// one set of names, defaults and checks, so the commands resume, shard, retry and refuse alike.
/// </summary>
public sealed class FileRunOptions
{
    public FileRunOptions(string inputDescription, string outputDescription, string noun)
        : this(outputDescription, noun)
    {
        Input = new Option<FileInfo?>("--input") { Description = inputDescription };
    }

    /// <summary>The flags of a run whose inputs are no JSONL file of its own (<c>logickor arena</c> reads a folder): no <c>--input</c>, no <c>--on-bad-input</c>.</summary>
    public FileRunOptions(string outputDescription, string noun)
    {
        Output = new Option<FileInfo?>("--output") { Description = outputDescription };
        RetryFailed = new Option<bool>("--retry-failed") { Description = $"On a rerun, judge again the {noun} whose rows have no verdict (say, the server was down); the other rows are kept." };
        Shard = new Option<string>("--shard") { Description = $"Judge only shard i of n (e.g. 2/3): a fixed slice of the {noun} by id.", DefaultValueFactory = _ => "1/1" };
        Concurrency = new Option<int>("--concurrency") { Description = $"How many {noun} are judged at once (HTTP engine; in-process, --parallel sets it).", DefaultValueFactory = _ => 4 };
        OnBadInput.AcceptOnlyFromAmong("fail", "skip");
    }

    /// <summary>The JSONL input; null for a run that reads its inputs otherwise.</summary>
    public Option<FileInfo?>? Input { get; }

    public Option<FileInfo?> Output { get; }

    public Option<bool> Overwrite { get; } = new("--overwrite") { Description = "Start --output over. Without it, a rerun resumes: rows already there (same id and request hash) are skipped." };

    public Option<bool> RetryFailed { get; }

    public Option<string> OnBadInput { get; } = new("--on-bad-input") { Description = "fail: refuse a file with a bad line (nothing is judged); skip: pass over bad lines and list them.", DefaultValueFactory = _ => "fail" };

    public Option<string> Shard { get; }

    public Option<int> MaxTokens { get; } = new("--max-tokens") { Description = "The longest reply, in tokens.", DefaultValueFactory = _ => 512 };

    public Option<int> Retries { get; } = new("--retries") { Description = "How often to ask again, sampling at temperature 1, when a reply has no verdict.", DefaultValueFactory = _ => 2 };

    public Option<long> Seed { get; } = new("--seed") { Description = "The first attempt's seed; retry k uses seed + k.", DefaultValueFactory = _ => 0 };

    public Option<string?> System { get; } = new("--system") { Description = "A system message to place before the prompt." };

    public Option<int> Concurrency { get; }

    public void AddTo(Command command)
    {
        Option[] fileInput = Input is null ? [] : [Input, OnBadInput];
        foreach (var option in fileInput.Concat([Output, Overwrite, RetryFailed, Shard, MaxTokens, Retries, Seed, System, Concurrency]))
        {
            command.Options.Add(option);
        }
    }

    /// <summary>False, with the reason on stderr, where a number is out of its range.</summary>
    public bool NumbersAreValid(ParseResult parse, CliConsole console)
    {
        if (parse.GetValue(MaxTokens) < 1 || parse.GetValue(Retries) < 0 || parse.GetValue(Concurrency) < 1)
        {
            console.Error.WriteLine("error: --max-tokens and --concurrency must be at least 1, and --retries at least 0.");
            return false;
        }
        return true;
    }

    /// <summary>
    /// Checks the shard, the output path, the input file (every line of it) and, unless <c>--overwrite</c>, that the
    /// output holds rows of this kind, all before an engine is reached; null with the reason on stderr where any fails.
    /// </summary>
    public CheckedInput<TInput>? TryCheck<TInput>(
        ParseResult parse, CliConsole console, Func<string, int, string, TInput> parseLine, Func<TInput, string> idOf, Func<string, int, string, WrittenRow> readRow)
    {
        var inputFile = Input is null ? null : parse.GetValue(Input);
        var outputFile = parse.GetValue(Output);
        if (inputFile is null || outputFile is null)
        {
            console.Error.WriteLine(inputFile is null ? "error: --input is required." : "error: --output is required with --input.");
            return null;
        }
        if (!ShardAndOutputAreValid(parse, console, outputFile.FullName))
        {
            return null;
        }
        if (InputPathCheck.FileProblem(inputFile.FullName) is { } problem)
        {
            console.Error.WriteLine($"error: --input {inputFile.FullName}: {problem}.");
            return null;
        }
        CheckedInput<TInput> input;
        try
        {
            // Every line is checked before an engine is loaded.
            input = InputCheck.Check(inputFile.FullName, parse.GetValue(OnBadInput) == "skip", parseLine, idOf);
        }
        catch (Exception e) when (e is InputFormatException or IOException or UnauthorizedAccessException)
        {
            console.Error.WriteLine($"error: {e.Message}");
            return null;
        }
        return OutputIsOfThisKind(parse, console, outputFile.FullName, readRow) ? input : null;
    }

    /// <summary>False, with the reason on stderr, where <c>--shard</c> is no slice or <paramref name="output"/> cannot be written.</summary>
    public bool ShardAndOutputAreValid(ParseResult parse, CliConsole console, string output)
    {
        if (!KoJudge.Runs.Shard.TryParse(parse.GetValue(Shard)!, out _))
        {
            console.Error.WriteLine($"error: --shard {parse.GetValue(Shard)}: give i/n with 1 <= i <= n, e.g. 2/3.");
            return false;
        }
        return new OutputPathCheck(console).File("--output", output).Passed;
    }

    /// <summary>
    /// Unless <c>--overwrite</c>, reads <paramref name="output"/> as rows of this kind, so an output of another kind is
    /// refused before a model takes minutes to load; false with the reason on stderr where it is not.
    /// </summary>
    public bool OutputIsOfThisKind(ParseResult parse, CliConsole console, string output, Func<string, int, string, WrittenRow> readRow)
    {
        if (parse.GetValue(Overwrite))
        {
            return true;
        }
        try
        {
            OutputFile.Read(output, readRow);
            return true;
        }
        catch (Exception e) when (e is InputFormatException or IOException or UnauthorizedAccessException)
        {
            console.Error.WriteLine($"error: {e.Message}");
            return false;
        }
    }

    public JudgeOptions JudgeOptions(ParseResult parse) => new()
    {
        MaxOutputTokens = parse.GetValue(MaxTokens),
        Retries = parse.GetValue(Retries),
        Seed = parse.GetValue(Seed),
        SystemPrompt = parse.GetValue(System),
    };

    public RunOptions RunOptions(ParseResult parse, int concurrency) => new()
    {
        Overwrite = parse.GetValue(Overwrite),
        RetryFailed = parse.GetValue(RetryFailed),
        Shard = KoJudge.Runs.Shard.TryParse(parse.GetValue(Shard)!, out var chosen) ? chosen : KoJudge.Runs.Shard.All,
        Concurrency = concurrency,
    };

    /// <summary>Lists the bad lines <c>--on-bad-input skip</c> passed over, for the run's closing lines.</summary>
    public static void ReportSkipped<TInput>(CliConsole console, CheckedInput<TInput> input)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(input);
        foreach (var skipped in input.Skipped)
        {
            console.Error.WriteLine($"skipped {skipped.Message}");
        }
        if (input.Skipped.Count > 0)
        {
            console.Error.WriteLine($"{input.Skipped.Count} bad lines skipped");
        }
    }
}
