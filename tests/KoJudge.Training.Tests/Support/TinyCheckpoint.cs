using KoJudge.Gguf.TestModels;
using static TorchSharp.torch;

namespace KoJudge.Training.Tests.Support;

/// <summary>
/// The generated tiny Hugging Face checkpoint (GQA, llama3 RoPE scaling) in a scratch folder of its own, deleted on
/// dispose. libtorch runs on one thread: on two shared cores a second thread only makes timings and runs noisy.
/// </summary>
internal sealed class TinyCheckpoint : IDisposable
{
    private TinyCheckpoint(string directory) => Directory = directory;

    public string Directory { get; }

    public static HuggingFaceLlamaSpec Spec => HuggingFaceLlamaSpec.Tiny;

    public static TinyCheckpoint Create(HuggingFaceLlamaSpec? spec = null)
    {
        set_num_threads(1);
        var directory = Path.Combine(Path.GetTempPath(), "kojudge-training-" + Guid.NewGuid().ToString("N"));
        HuggingFaceCheckpointWriter.Write(directory, spec ?? Spec);
        return new TinyCheckpoint(directory);
    }

    /// <summary>Fixed token ids spread over the tokenizer's 293 real tokens (the 7 padding ids above them are never used).</summary>
    public static long[] Tokens(int count) => [.. Enumerable.Range(0, count).Select(i => (long)((i * 37) + 11) % 293)];

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}
