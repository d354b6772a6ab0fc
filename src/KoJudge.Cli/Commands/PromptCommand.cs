using System.CommandLine;
using KoJudge.ChatTemplates;
using KoJudge.Prompts;

namespace KoJudge.Cli.Commands;

/// <summary><c>kojudge prompt</c>: prints the judge's prompt for one item, optionally rendered with the Llama-3 chat template.</summary>
public static class PromptCommand
{
    public static Command Create(CliConsole console)
    {
        var item = new ItemOptions(required: true);
        var chat = new Option<bool>("--chat") { Description = "Render the prompt with the Llama-3 chat template, as the judge model reads it." };
        var system = new Option<string?>("--system") { Description = "A system message to place before the prompt (with --chat)." };
        var command = new Command("prompt", "Print the Prometheus prompt for one item, exactly as the judge receives it (no trailing newline is added).");
        item.AddTo(command);
        command.Options.Add(chat);
        command.Options.Add(system);
        command.SetAction(parse =>
        {
            if (!item.TryRead(parse, console, out var judgeItem))
            {
                return ExitCodes.BadInput;
            }
            var prompt = judgeItem.RenderPrompt();
            console.Out.Write(parse.GetValue(chat) ? Llama3ChatTemplate.Render(prompt, parse.GetValue(system)) : prompt);
            console.Out.Flush();
            return ExitCodes.Success;
        });
        return command;
    }
}
