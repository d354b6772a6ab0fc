using System.CommandLine;
using KoJudge.Cli.Paths;
using System.Text.Json;
using KoJudge.Datasets;
using KoJudge.Judging;
using KoJudge.Ranking;

namespace KoJudge.Cli.Commands;

/// <summary>
/// <c>kojudge merge</c>: joins the outputs of <c>--shard</c> runs into one file: <c>judge</c>'s result rows or
/// <c>compare</c>'s verdict rows, one kind per merge, as the first row says. Every row must carry its request hash,
/// and an id in two files is refused: made with other settings where the hashes differ, else as a duplicate or a
/// conflict.
/// </summary>
public static class MergeCommand
{
    public static Command Create(CliConsole console)
    {
        var files = new Argument<FileInfo[]>("files") { Description = "Output files from `kojudge judge --shard i/n` or `kojudge compare --shard i/n`.", Arity = ArgumentArity.OneOrMore };
        var output = new Option<FileInfo>("--output") { Description = "The merged file; written only when every row merges cleanly.", Required = true };
        var command = new Command(
            "merge",
            "Join shard outputs into one file: judge's result rows (id, request_hash, score) or compare's verdict rows (id, request_hash, verdict), "
            + "one kind per merge. An id in two files is refused: "
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
            (RowKind Kind, string File, int Line)? firstRow = null;
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
                        var (kind, id, hash) = ReadRow(file, line, text);
                        firstRow ??= (kind, file, line);
                        if (kind != firstRow.Value.Kind)
                        {
                            throw new InputFormatException(file, line, kind == RowKind.Compare ? "verdict" : "score",
                                $"a {Name(kind)} row among {Name(firstRow.Value.Kind)} rows (the first at {firstRow.Value.File}:{firstRow.Value.Line}); merge one kind at a time");
                        }
                        if (seen.TryGetValue(id, out var first))
                        {
                            throw Conflict(file, line, text, id, hash, first);
                        }
                        seen[id] = (file, line, text, hash);
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

    private enum RowKind
    {
        Judge,
        Compare,
    }

    private static string Name(RowKind kind) => kind == RowKind.Compare ? "compare verdict" : "judge result";

    /// <summary>A row as a run wrote it: compare's where it has a verdict field, judge's otherwise, each checked as its kind.</summary>
    private static (RowKind Kind, string Id, string? Hash) ReadRow(string file, int line, string text)
    {
        using var json = JsonRow.Parse(file, line, text);
        var row = new JsonRow(file, line, json.RootElement);
        if (json.RootElement.ValueKind != JsonValueKind.Object || !json.RootElement.TryGetProperty("verdict", out _))
        {
            var result = JudgeResultReader.ReadWrittenRow(row);
            return (RowKind.Judge, result.Id, result.RequestHash);
        }
        var id = row.RequiredString("id", allowEmpty: false);
        if (!json.RootElement.TryGetProperty("request_hash", out _))
        {
            throw row.Fail("request_hash", "missing, so this is not a row written by a run");
        }
        CompareVerdictReader.ScoreOfA(row);
        row.OptionalEnum<ErrorKind>("error_kind");
        return (RowKind.Compare, id, row.RequiredString("request_hash", allowEmpty: false));
    }

    // Shards of one run hold disjoint ids, so an id met twice is the one place where shards can be seen to disagree.
    private static InputFormatException Conflict(string file, int line, string text, string id, string? hash, (string File, int Line, string Text, string? Hash) first) =>
        hash != first.Hash
            ? new InputFormatException(file, line, "request_hash",
                $"id '{id}' is also at {first.File}:{first.Line}, made with other settings (prompt, engine, model or sampling); these are not shards of one run")
            : new InputFormatException(file, line, "id", $"{(first.Text == text ? "duplicate" : "conflicting")} row for id '{id}' (first at {first.File}:{first.Line})");
}
