namespace KoJudge.LlamaCpp.Tests;

public sealed class LlamaCppEngineOptionsTests
{
    // Written out by hand from the string the CLI built before the identity moved here: result files and response
    // caches hold hashes of it, so a change here makes every user's results stale.
    private const string TwoAdaptersAndGrammar = "llama.cpp|judge.gguf:1000|constrain=True|style-lora.gguf:200:0.5|domain-lora.gguf:300:1";
    private const string Plain = "llama.cpp|judge.gguf:1000|constrain=False";

    [Fact]
    public void The_identity_of_a_model_with_two_adapters_and_the_grammar_is_the_string_results_were_hashed_with()
    {
        var directory = FilesOfSizes(("judge.gguf", 1000), ("style-lora.gguf", 200), ("domain-lora.gguf", 300));
        var options = new LlamaCppEngineOptions(Path.Combine(directory, "judge.gguf"))
        {
            Loras = [new LoraAdapterSpec(Path.Combine(directory, "style-lora.gguf"), 0.5f), new LoraAdapterSpec(Path.Combine(directory, "domain-lora.gguf"))],
            ConstrainVerdict = true,
        };

        Assert.Equal(TwoAdaptersAndGrammar, options.Identity().Canonical);
    }

    [Fact]
    public void The_identity_of_a_plain_model_names_the_grammar_off()
    {
        var directory = FilesOfSizes(("judge.gguf", 1000));

        Assert.Equal(Plain, new LlamaCppEngineOptions(Path.Combine(directory, "judge.gguf")).Identity().Canonical);
    }

    [Fact]
    public void Threads_parallelism_and_the_folder_leave_the_identity_alone()
    {
        var one = FilesOfSizes(("judge.gguf", 1000));
        var other = FilesOfSizes(("judge.gguf", 1000));

        Assert.Equal(
            new LlamaCppEngineOptions(Path.Combine(one, "judge.gguf")).Identity(),
            new LlamaCppEngineOptions(Path.Combine(other, "judge.gguf")) { Threads = 1, Parallel = 16, BatchSize = 64 }.Identity());
    }

    private static string FilesOfSizes(params (string Name, int Bytes)[] files)
    {
        var directory = Directory.CreateTempSubdirectory("kojudge-identity-").FullName;
        foreach (var (name, bytes) in files)
        {
            File.WriteAllBytes(Path.Combine(directory, name), new byte[bytes]);
        }
        return directory;
    }
}
