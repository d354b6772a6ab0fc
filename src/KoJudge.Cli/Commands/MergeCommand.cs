using System.CommandLine;
using KoJudge.Datasets;

namespace KoJudge.Cli.Commands;

/// <summary><c>kojudge merge</c>: joins the outputs of <c>--shard</c> runs into one file, refusing duplicates and conflicts.</summary>
public static class MergeCommand
{
    public static Command Create(CliConsole console)
    {
        var files = new Argument<FileInfo[]>("files") { Description = "Result files from `kojudge judge --shard i/n`.", Arity = ArgumentArity.OneOrMore };
        var output = new Option<FileInfo>("--output") { Description = "The merged file; written only when every row merges cleanly.", Required = true };
        var command = new Command(
            "merge",
            "Join shard outputs into one result file. An id in two files is refused: as a duplicate where the rows are the same, as a conflict where they differ.");
        command.Arguments.Add(files);
        command.Options.Add(output);
        command.SetAction(parse =>
        {
            var seen = new Dictionary<string, (string File, int Line, string Text)>(StringComparer.Ordinal);
            var rows = new List<string>();
            try
            {
                foreach (var file in parse.GetValue(files)!)
                {
                    foreach (var (line, text) in JsonLinesReader.ReadLines(file.FullName))
                    {
                        using var json = JsonRow.Parse(file.FullName, line, text);
                        var id = new JsonRow(file.FullName, line, json.RootElement).RequiredString("id", allowEmpty: false);
                        if (seen.TryGetValue(id, out var first))
                        {
                            var kind = first.Text == text ? "duplicate" : "conflicting";
                            throw new InputFormatException(file.FullName, line, "id", $"{kind} row for id '{id}' (first at {first.File}:{first.Line})");
                        }
                        seen[id] = (file.FullName, line, text);
                        rows.Add(text);
                    }
                }
            }
            catch (Exception e) when (e is InputFormatException or FileNotFoundException)
            {
                console.Error.WriteLine($"error: {e.Message}");
                return ExitCodes.BadInput;
            }
            var target = parse.GetValue(output)!.FullName;
            var partial = $"{target}.{Guid.NewGuid():N}.partial";
            File.WriteAllLines(partial, rows, new System.Text.UTF8Encoding(false));
            File.Move(partial, target, overwrite: true);
            console.Error.WriteLine($"merged {rows.Count} rows from {parse.GetValue(files)!.Length} files into {target}");
            return ExitCodes.Success;
        });
        return command;
    }
}
