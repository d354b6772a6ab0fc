using KoJudge.Cli;
using KoJudge.Train;

return await TrainerCommandLine.InvokeAsync(args, CliConsole.FromProcess()).ConfigureAwait(false);
