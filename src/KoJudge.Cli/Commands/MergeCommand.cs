using System.CommandLine;
using KoJudge.Cli.Paths;
using KoJudge.Datasets;

namespace KoJudge.Cli.Commands;

/// <summary>
/// <c>kojudge merge</c>: joins the outputs of <c>--shard</c> runs into one file. Every row must be a result row with
/// its request hash, and an id in two files is refused: made with other settings where the hashes differ, else as a
/// duplicate or a conflict.
/// </summary>
public static class MergeCommand
{
    public static Command Create(CliConsole console)
    {
        var files = new Argument<FileInfo[]>("files") { Description = "Result files from `kojudge judge --shard i/n`.", Arity = ArgumentArity.OneOrMore };
        var output = new Option<FileInfo>("--output") { Description = "The merged file; written only when every row merges cleanly.", Required = true };
        var command = new Command(
            "merge",
            "Join shard outputs into one result file. Every row must be a result row (id, request_hash, score); an id in two files is refused: "
            + "as made with other settings where the request hashes differ, else as a duplicate where the rows are the same and a conflict where they differ.");
        command.Arguments.Add(files);
        command.Options.Add(output);
        command.SetAction(parse =>
        {
            var target = parse.GetValue(output)!.FullName;
            if (!new OutputPathCheck(console).File("--output", target).Passed)
            {
                return ExitCodes.BadInput;
            }
            // An empty argument arrives as no file at all.
            var inputs = (parse.GetValue(files) ?? []).Select(f => f?.FullName ?? "").ToList();
            if (inputs.Count == 0)
            {
                console.Error.WriteLine("error: name the result files to merge.");
                return ExitCodes.BadInput;
            }
            var seen = new Dictionary<string, (string File, int Line, string Text, string? Hash)>(StringComparer.Ordinal);
            var rows = new List<string>();
            foreach (var file in inputs)
            {
                if (InputPathCheck.FileProblem(file) is { } problem)
                {
                    console.Error.WriteLine($"error: {(file.Length == 0 ? "''" : file)}: {problem}.");
                    return ExitCodes.BadInput;
                }
                try
                {
                    foreach (var (line, text) in JsonLinesReader.ReadLines(file))
                    {
                        var row = JudgeResultReader.ReadWrittenRow(file, line, text);
                        if (seen.TryGetValue(row.Id, out var first))
                        {
                            throw Conflict(file, line, text, row.Id, row.RequestHash, first);
                        }
                        seen[row.Id] = (file, line, text, row.RequestHash);
                        rows.Add(text);
                    }
                }
                catch (InputFormatException e)
                {
                    console.Error.WriteLine($"error: {e.Message}");
                    return ExitCodes.BadInput;
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    console.Error.WriteLine($"error: {file}: cannot be read ({e.Message.TrimEnd('.')}).");
                    return ExitCodes.BadInput;
                }
            }
            WholeFileWriter.WriteLines(target, rows);
            console.Error.WriteLine($"merged {rows.Count} rows from {inputs.Count} files into {target}");
            return ExitCodes.Success;
        });
        return command;
    }

    // Shards of one run hold disjoint ids, so an id met twice is the one place where shards can be seen to disagree.
    private static InputFormatException Conflict(string file, int line, string text, string id, string? hash, (string File, int Line, string Text, string? Hash) first) =>
        hash != first.Hash
            ? new InputFormatException(file, line, "request_hash",
                $"id '{id}' is also at {first.File}:{first.Line}, made with other settings (prompt, engine, model or sampling); these are not shards of one run")
            : new InputFormatException(file, line, "id", $"{(first.Text == text ? "duplicate" : "conflicting")} row for id '{id}' (first at {first.File}:{first.Line})");
}
