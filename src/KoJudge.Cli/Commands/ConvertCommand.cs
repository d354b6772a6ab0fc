using System.CommandLine;

namespace KoJudge.Cli.Commands;

/// <summary><c>kojudge convert</c>: Hugging Face weights and PEFT adapters to GGUF, with no Python.</summary>
public static class ConvertCommand
{
    public static Command Create(CliConsole console)
    {
        var command = new Command("convert", "Convert Hugging Face weights to GGUF for the in-process engine: a Llama model (convert model) or a PEFT LoRA adapter (convert lora).");
        command.Subcommands.Add(ConvertModelCommand.Create(console));
        return command;
    }
}
