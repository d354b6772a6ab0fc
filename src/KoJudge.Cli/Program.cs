using KoJudge.Cli;

return await KoJudgeCommandLine.InvokeAsync(args, CliConsole.FromProcess()).ConfigureAwait(false);
