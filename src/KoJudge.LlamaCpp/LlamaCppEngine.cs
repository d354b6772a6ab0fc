using System.Text;
using KoJudge.LlamaCpp.Generation;
using LLama;
using LLama.Common;
using LLama.Exceptions;
using LLama.Native;
using Microsoft.Extensions.AI;

namespace KoJudge.LlamaCpp;

/// <summary>
/// The in-process engine: a GGUF model with its LoRA adapters, loaded once, and the batched generator over it.
/// <see cref="AsChatClient"/> serves it to the judge as an <see cref="IChatClient"/>.
/// </summary>
public sealed class LlamaCppEngine : IAsyncDisposable
{
    private readonly LLamaWeights weights;
    private readonly IReadOnlyList<(LoraAdapter Adapter, float Scale)> loras;

    private LlamaCppEngine(LlamaCppEngineOptions options, LLamaWeights weights, IReadOnlyList<(LoraAdapter, float)> loras)
    {
        Options = options;
        this.weights = weights;
        this.loras = loras;
        Generator = new BatchedGenerator(weights, options, loras);
    }

    public LlamaCppEngineOptions Options { get; }

    public BatchedGenerator Generator { get; }

    /// <summary>The served model's name: the GGUF file name without its extension.</summary>
    public string ModelId => Path.GetFileNameWithoutExtension(Options.ModelPath);

    public static LlamaCppEngine Load(LlamaCppEngineOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        LlamaCppNative.EnsureConfigured();
        LLamaWeights weights;
        try
        {
            weights = LLamaWeights.LoadFromFile(new ModelParams(options.ModelPath) { Threads = options.Threads });
        }
        catch (LoadWeightsFailedException e)
        {
            throw new InvalidDataException($"llama.cpp could not load {options.ModelPath}: {LlamaCppNative.TakeRecentErrors()}", e);
        }
        var adapters = new List<(LoraAdapter, float)>();
        try
        {
            foreach (var lora in options.Loras)
            {
                try
                {
                    adapters.Add((weights.NativeHandle.LoadLoraFromFile(lora.Path), lora.Scale));
                }
                catch (RuntimeError e)
                {
                    throw new InvalidDataException($"llama.cpp could not load the LoRA adapter {lora.Path}: {LlamaCppNative.TakeRecentErrors()}", e);
                }
            }
            return new LlamaCppEngine(options, weights, adapters);
        }
        catch
        {
            foreach (var (adapter, _) in adapters)
            {
                adapter.Unload();
            }
            weights.Dispose();
            throw;
        }
    }

    public IChatClient AsChatClient() => new LlamaCppChatClient(this);

    /// <summary>Renders a conversation with the model's own chat template, ready for the assistant's reply.</summary>
    public string RenderPrompt(IEnumerable<ChatMessage> messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var template = new LLamaTemplate(weights) { AddAssistant = true };
        foreach (var message in messages)
        {
            template.Add(message.Role.Value, message.Text);
        }
        return Encoding.UTF8.GetString(template.Apply());
    }

    /// <summary>Tokenizes a rendered prompt, with control tokens read as themselves and a BOS where the model wants one.</summary>
    public LLamaToken[] TokenizePrompt(string prompt) =>
        Generator.Tokenize(prompt, addBos: weights.NativeHandle.Vocab.ShouldAddBOS);

    public async ValueTask DisposeAsync()
    {
        await Generator.DisposeAsync().ConfigureAwait(false);
        foreach (var (adapter, _) in loras)
        {
            adapter.Unload();
        }
        weights.Dispose();
    }
}
