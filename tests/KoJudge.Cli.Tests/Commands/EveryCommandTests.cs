using System.CommandLine;
using System.Net;
using System.Net.Sockets;
using System.Text;
using KoJudge.Cli.Tests.Support;

namespace KoJudge.Cli.Tests.Commands;

/// <summary>
/// Every command in the tree, each of its options and arguments given each hostile path (a folder, a file that is
/// not JSON, a path under a file, a missing file, an empty path, a path in /proc): no output shows a stack frame, and
/// the exit code is the README's: 1 where the command line does not parse, else 0, 2 (bad input) or 3, never an
/// unexpected failure. Walking the tree covers a new command and a new option without a line here.
/// </summary>
public sealed class EveryCommandTests
{
    /// <summary>Arguments that bring a command to its work and no further, so each hostile value meets every check before it.</summary>
    private static Dictionary<string, (string Name, string Value)[]> Baselines(string inputs, string fresh, string deadEndpoint)
    {
        var notAModel = Path.Combine(inputs, "not-a-model.gguf");
        File.WriteAllText(notAModel, "not a model");
        var shard = Path.Combine(inputs, "shard.jsonl");
        File.WriteAllText(shard, SmallInputs.ResultRow("a", "h-a") + "\n");
        var answers = SmallInputs.LogicKorAnswers(inputs);
        var verdicts = Path.Combine(inputs, "compared.jsonl");
        File.WriteAllText(verdicts, "{\"model_a\": \"x\", \"model_b\": \"y\", \"verdict\": \"A\"}\n{\"model_a\": \"y\", \"model_b\": \"x\", \"verdict\": \"tie\"}\n");
        (string, string)[] engine = [("--endpoint", deadEndpoint), ("--model", "m")];
        return new(StringComparer.Ordinal)
        {
            ["prompt"] = [("--rubric", "math"), ("--instruction", "질문"), ("--response", "답변")],
            ["judge"] = [("--input", SmallInputs.Items(inputs)), ("--output", Path.Combine(fresh, "out.jsonl")), .. engine],
            ["compare"] = [("--input", SmallInputs.Pairs(inputs)), ("--output", Path.Combine(fresh, "compared.jsonl")), .. engine],
            ["merge"] = [(Positional, shard), ("--output", Path.Combine(fresh, "merged.jsonl"))],
            ["logickor generate"] = [("--logickor", SmallInputs.LogicKorFolder(inputs)), ("--output", Path.Combine(fresh, "answers.jsonl")), .. engine],
            ["logickor judge"] = [("--judge", "prometheus"), ("--input", answers), ("--output", Path.Combine(fresh, "judged")), .. engine],
            ["logickor score"] = [(Positional, answers)],
            ["logickor arena"] = [("--input", SmallInputs.LogicKorArena(inputs)), ("--output", Path.Combine(fresh, "arena.jsonl")), ("--bootstrap", "10"), .. engine],
            ["meta"] = [("--gold", answers), ("--baseline", "hangul-chrf")],
            ["rank"] = [("--verdicts", verdicts), ("--bootstrap", "10")],
            ["gold-pairs"] = [("--kudge", SmallInputs.KudgeChallenge(inputs)), ("--output", Path.Combine(fresh, "pairs.jsonl"))],
            ["kudge-items"] = [("--input", notAModel), ("--output", Path.Combine(fresh, "items.jsonl"))],
            ["bench-convert"] = [("--layers", "1"), ("--hidden", "128")],
            ["convert model"] = [(Positional, TinyCheckpoint(inputs)), ("--output", Path.Combine(fresh, "converted.gguf"))],
            ["convert lora"] = [(Positional, inputs), ("--base", notAModel), ("--output", Path.Combine(fresh, "adapter.gguf"))],
            ["make-model"] = [("--output", Path.Combine(fresh, "m.gguf")), ("--layers", "1"), ("--embedding", "8"), ("--feed-forward", "16")],
            // A model file that is none: the command stops before llama.cpp, where the slow work starts.
            ["tokenize"] = [("--model", notAModel)],
            ["bench"] = [("--model", notAModel)],
            ["demo"] = [("--model", notAModel)],
            ["serve"] = [("--model", notAModel)],
        };
    }

    private const string Positional = "<argument>";

    /// <summary>The baseline of <paramref name="commandPath"/>, its files made in a fresh temporary folder.</summary>
    private static (string Name, string Value)[] BaselineIn(string prefix, string commandPath)
    {
        var root = Directory.CreateTempSubdirectory(prefix).FullName;
        var inputs = Directory.CreateDirectory(Path.Combine(root, "inputs")).FullName;
        return Baselines(inputs, Path.Combine(root, "fresh"), DeadEndpoint()).GetValueOrDefault(commandPath, []);
    }

    private static string TinyCheckpoint(string inputs)
    {
        var folder = Path.Combine(inputs, "hf");
        KoJudge.Gguf.TestModels.HuggingFaceCheckpointWriter.Write(folder, KoJudge.Gguf.TestModels.HuggingFaceLlamaSpec.Tiny);
        return folder;
    }

    public static TheoryData<string> Commands()
    {
        var data = new TheoryData<string>();
        foreach (var (path, _) in Leaves(Tree()))
        {
            data.Add(path);
        }
        return data;
    }

    /// <summary>The command tree as kojudge builds it, on a console no test reads: only its shape is wanted.</summary>
    private static Command Tree() => KoJudgeCommandLine.Build(new CliConsole(TextReader.Null, TextWriter.Null, TextWriter.Null, _ => null));

    private static Command Find(Command tree, string path) => Leaves(tree).Single(l => l.Path == path).Command;

    private static IEnumerable<(string Path, Command Command)> Leaves(Command command, string path = "")
    {
        foreach (var subcommand in command.Subcommands)
        {
            var subpath = $"{path} {subcommand.Name}".Trim();
            if (subcommand.Action is not null)
            {
                yield return (subpath, subcommand);
            }
            foreach (var leaf in Leaves(subcommand, subpath))
            {
                yield return leaf;
            }
        }
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public async Task Every_option_given_a_hostile_path_fails_cleanly_with_the_READMEs_exit_code(string commandPath)
    {
        var baseline = BaselineIn("kojudge-every-", commandPath);
        var tree = Tree();
        var command = Find(tree, commandPath);
        var names = command.Options.Where(o => o is not System.CommandLine.Help.HelpOption).Select(o => o.Name)
            .Concat(command.Arguments.Select(_ => Positional));
        var failures = new StringBuilder();
        var runs = 0;

        foreach (var name in names)
        {
            var paths = new HostilePaths();
            foreach (var (kind, value) in paths.All())
            {
                var given = baseline.Where(b => b.Name != name).Append((Name: name, Value: value));
                string[] args = [.. commandPath.Split(' '), .. given.SelectMany(b => b.Name == Positional ? [b.Value] : new[] { b.Name, b.Value })];
                // Bounded: a command that starts real work is stopped, and its 130 shows where.
                using var bound = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
                bound.CancelAfter(TimeSpan.FromSeconds(20));
                var run = await CliRun.InvokeTreeAsync(KoJudgeCommandLine.Build, args, null, bound.Token);
                runs++;
                var parses = tree.Parse(args).Errors.Count == 0;
                var problem = (run.Out + run.Error).Contains(CliRun.StackFrame, StringComparison.Ordinal) ? "a stack trace"
                    : run.Error.Contains("an unexpected failure", StringComparison.Ordinal) ? "an unexpected failure"
                    : !parses && run.ExitCode != ExitCodes.Failure ? $"exit {run.ExitCode} for a command line that does not parse"
                    // A command line that parses can still be a usage error the command finds (judge's --input beside an item's flags).
                    : parses && run.ExitCode is not (ExitCodes.Success or ExitCodes.BadInput or ExitCodes.NoVerdict) && !HelpConventions.IsUsageError(run, $"kojudge {commandPath}") ? $"exit {run.ExitCode}"
                    : null;
                if (problem is not null)
                {
                    failures.AppendLine($"{name} {kind}: {problem}\n  kojudge {string.Join(' ', args)}\n  {run.Error.ReplaceLineEndings("\n  ")}");
                }
            }
        }

        Assert.True(failures.Length == 0, $"{commandPath}, of {runs} runs:\n{failures}");
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public async Task Help_exits_0_fits_80_columns_and_an_unknown_option_exits_1_without_a_stack_trace(string commandPath)
    {
        string[] unknownOption = [.. commandPath.Split(' '), "--no-such-option", "1"];

        var help = await CliRun.InvokeAsync([.. commandPath.Split(' '), "--help"]);
        var unknown = await CliRun.InvokeAsync(unknownOption);

        help.AssertExit(ExitCodes.Success);
        Assert.Contains("--verbose", help.Out, StringComparison.Ordinal);
        // Counted in characters, as System.CommandLine wraps: a Hangul syllable, two columns wide on a terminal, counts one.
        Assert.All(help.Out.Split('\n'), line => Assert.True(line.TrimEnd().Length <= KoJudgeCommandLine.HelpWidth, $"{line.TrimEnd().Length} characters: {line}"));
        // A command that takes files and needs no option reads the token as a file, and finds no such file.
        unknown.AssertExit(Tree().Parse(unknownOption).Errors.Count > 0 ? ExitCodes.Failure : ExitCodes.BadInput);
        Assert.DoesNotContain(CliRun.StackFrame, help.Out + help.Error + unknown.Out + unknown.Error, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public async Task Help_lists_every_option_under_a_heading_with_its_default_and_its_required_mark_within_80_display_columns(string commandPath)
    {
        var command = Find(Tree(), commandPath);

        var help = await CliRun.InvokeAsync([.. commandPath.Split(' '), "--help"]);

        help.AssertExit(ExitCodes.Success);
        HelpConventions.AssertFollowed(command, help.Out, $"kojudge {commandPath}");
    }

    [Fact]
    public void A_flag_means_one_thing_in_every_command()
    {
        var uses = Leaves(Tree()).SelectMany(l => Help.GroupedHelpAction.OptionsOf(l.Command).Select(o => (l.Path, l.Command, Option: o))).ToList();
        var problems = new List<string>();
        foreach (var name in uses.GroupBy(u => u.Option.Name))
        {
            // A switch in one command and a value in another would read one command's value as the next flag.
            if (name.Select(u => TakesValue(u.Option)).Distinct().Count() > 1)
            {
                problems.Add($"{name.Key}: a switch in {string.Join(", ", name.Where(u => !TakesValue(u.Option)).Select(u => u.Path))}, a value elsewhere");
            }
            // A switch's default is its meaning: on in one command and off in another is two flags under one name.
            if (name.Where(u => !TakesValue(u.Option)).Select(u => Help.DefaultInWords.Of(u.Option)).Distinct().Count() > 1)
            {
                problems.Add($"{name.Key}: a switch with different defaults");
            }
            var headings = name.Select(u => $"{Help.HelpGroups.Of(u.Option)}").Distinct().ToList();
            if (headings.Count > 1 && !RolesThatDiffer.Contains(name.Key))
            {
                problems.Add($"{name.Key}: under {string.Join(" and ", headings)}");
            }
        }
        foreach (var (path, command, option) in uses)
        {
            if (option.Name is "--json" or "--output" && !TakesValue(option))
            {
                problems.Add($"{path} {option.Name}: a switch, where it is always a file");
            }
            if (option.Name == "--output" && (option.Description ?? "").StartsWith("Also", StringComparison.Ordinal))
            {
                problems.Add($"{path} --output: an extra output, where --output is the main one");
            }
            // A help that sends the reader to a flag the command does not have (serve's --model once spoke of --endpoint).
            var own = Help.GroupedHelpAction.OptionsOf(command).SelectMany(o => o.Aliases.Append(o.Name)).ToHashSet(StringComparer.Ordinal);
            foreach (System.Text.RegularExpressions.Match mention in System.Text.RegularExpressions.Regex.Matches(WithoutQuotedCommands(option.Description ?? ""), @"(?<![\w-])--[a-z][a-z-]*"))
            {
                if (!own.Contains(mention.Value))
                {
                    problems.Add($"{path} {option.Name}: speaks of {mention.Value}, which {path} has not");
                }
            }
        }
        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    // Flags whose heading differs by command for a reason: serve's --api-key-env is the key it asks of clients, not one
    // it sends; convert model's --threads quantise, they run no engine; bench-bank's --no-cache keeps no fitted bank.
    private static readonly HashSet<string> RolesThatDiffer = new(StringComparer.Ordinal) { "--api-key-env", "--threads", "--no-cache" };

    // `kojudge judge --input` names another command's flag, on purpose.
    private static string WithoutQuotedCommands(string text) => System.Text.RegularExpressions.Regex.Replace(text, "`[^`]*`", "");

    private static bool TakesValue(Option option) => option.Arity.MaximumNumberOfValues > 0 && option.ValueType != typeof(bool);

    [Theory]
    [MemberData(nameof(Commands))]
    public async Task A_missing_required_option_or_an_unknown_one_exits_1_with_one_error_line_and_a_pointer_to_the_help(string commandPath)
    {
        var baseline = BaselineIn("kojudge-usage-", commandPath);
        var tree = Tree();
        var command = Find(tree, commandPath);
        var cases = command.Options.Where(o => o.Required)
            .Select(o => baseline.Where(b => b.Name != o.Name && !o.Aliases.Contains(b.Name)))
            .Append(baseline.Append((Name: "--no-such-option", Value: "1")))
            .Select(given => (string[])[.. commandPath.Split(' '), .. given.SelectMany(b => b.Name == Positional ? [b.Value] : new[] { b.Name, b.Value })])
            .Where(args => tree.Parse(args).Errors.Count > 0)
            .ToList();
        // An unknown option is taken as a file by a command that takes files and needs no option (logickor score).
        Assert.True(cases.Count >= command.Options.Count(o => o.Required), $"{cases.Count} command lines that do not parse");

        foreach (var args in cases)
        {
            var run = await CliRun.InvokeAsync(args);

            run.AssertExit(ExitCodes.Failure);
            Assert.True(HelpConventions.IsUsageError(run, $"kojudge {commandPath}"), $"kojudge {string.Join(' ', args)}:\n{run.Error}");
            Assert.Equal("", run.Out);
        }
    }

    /// <summary>An address where nothing listens: a port just given up.</summary>
    private static string DeadEndpoint()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return $"http://127.0.0.1:{port}/v1";
    }
}
