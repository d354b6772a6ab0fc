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
        var root = Directory.CreateTempSubdirectory("kojudge-every-").FullName;
        var inputs = Directory.CreateDirectory(Path.Combine(root, "inputs")).FullName;
        var baseline = Baselines(inputs, Path.Combine(root, "fresh"), DeadEndpoint()).GetValueOrDefault(commandPath, []);
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
                    : parses && run.ExitCode is not (ExitCodes.Success or ExitCodes.BadInput or ExitCodes.NoVerdict) ? $"exit {run.ExitCode}"
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
