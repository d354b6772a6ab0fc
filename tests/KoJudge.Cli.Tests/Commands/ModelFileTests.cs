using KoJudge.Cli.Tests.Support;

namespace KoJudge.Cli.Tests.Commands;

/// <summary>A file named as a model that is none used to reach llama.cpp and end in its stack trace.</summary>
public sealed class ModelFileTests
{
    [Theory]
    [InlineData("tokenize")]
    [InlineData("bench")]
    [InlineData("demo")]
    [InlineData("serve")]
    [InlineData("judge")]
    public async Task A_model_file_that_is_no_GGUF_is_bad_input_named_before_llama_cpp_loads_it(string command)
    {
        var paths = new HostilePaths();
        string[] more = command == "judge" ? ["--rubric", "math", "--instruction", "q", "--response", "r", "--no-cache"] : [];

        var run = await CliRun.InvokeAsync([command, "--model", paths.AFile, .. more]);

        run.AssertExit(ExitCodes.BadInput);
        Assert.DoesNotContain(CliRun.StackFrame, run.Error, StringComparison.Ordinal);
        Assert.StartsWith($"error: --model {paths.AFile}: is not a GGUF file (it does not begin with 'GGUF')", run.Error, StringComparison.Ordinal);
    }
}
