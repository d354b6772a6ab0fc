using System.CommandLine;
using System.Text.Json;
using KoJudge.Cli.Paths;
using KoJudge.LlamaCpp;

namespace KoJudge.Cli.Commands;

/// <summary><c>kojudge tokenize</c>: prints the token ids a GGUF model reads for the text on stdin.</summary>
public static class TokenizeCommand
{
    public static Command Create(CliConsole console)
    {
        var model = new Option<string>("--model") { Description = "A GGUF model file; only its vocabulary is loaded.", Required = true };
        var command = new Command(
            "tokenize",
            "Read text on stdin and print its token ids as a JSON array: special tokens such as <|eot_id|> are read as themselves, and no BOS is added. "
            + "Pipe `kojudge prompt --chat` into it to see exactly what the judge reads.");
        command.Options.Add(model);
        command.SetAction(parse =>
        {
            var path = parse.GetValue(model)!;
            if (InputPathCheck.GgufProblem(path) is { } problem)
            {
                console.Error.WriteLine($"error: --model {path}: {problem}.");
                return ExitCodes.BadInput;
            }
            LlamaCppTokenizer tokenizer;
            try
            {
                tokenizer = LlamaCppTokenizer.Load(path);
            }
            catch (InvalidDataException e)
            {
                console.Error.WriteLine($"error: {e.Message}");
                return ExitCodes.BadInput;
            }
            using (tokenizer)
            {
                console.Out.WriteLine(JsonSerializer.Serialize(tokenizer.Tokenize(console.In.ReadToEnd())));
            }
            return ExitCodes.Success;
        });
        return command;
    }
}
