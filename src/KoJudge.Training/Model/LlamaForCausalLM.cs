using KoJudge.Gguf.Conversion;
using KoJudge.Gguf.Safetensors;
using KoJudge.Training.Generation;
using KoJudge.Training.Lora;
using TorchSharp;
using TorchSharp.Utils;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace KoJudge.Training.Model;

/// <summary>
/// Hugging Face's <c>LlamaForCausalLM</c> in TorchSharp: <c>model</c> (the decoder stack) and <c>lm_head</c>, every
/// parameter named as in the checkpoint (<c>model.layers.0.self_attn.q_proj.weight</c>), so a checkpoint loads by name
/// and an adapter's names follow from the model's own.
/// </summary>
public sealed class LlamaForCausalLM : Module<Tensor, Tensor>
{
    [ComponentName(Name = "model")]
    private readonly LlamaModel model;
    // Null when the output projection is tied to the embeddings: the checkpoint then has no lm_head.weight.
    [ComponentName(Name = "lm_head")]
    private readonly Linear? head;

    public LlamaForCausalLM(LlamaConfig config) : base(nameof(LlamaForCausalLM))
    {
        ArgumentNullException.ThrowIfNull(config);
        Config = config;
        model = new LlamaModel(config);
        head = config.TieWordEmbeddings ? null : Linear(config.Hidden, config.Vocab, hasBias: false);
        RegisterComponents();
    }

    public LlamaConfig Config { get; }

    public LlamaModel Model => model;

    /// <summary>Where the weights are; token ids given on another device are moved here.</summary>
    public Device Device => model.Embeddings.weight!.device;

    /// <summary>
    /// Reads <c>config.json</c> and the safetensors weights of a Hugging Face checkpoint folder (F32, F16 or BF16, held as
    /// F32), and freezes every weight: training changes only what LoRA adds afterwards.
    /// </summary>
    /// <exception cref="InvalidDataException">A weight is missing, has another shape, or the checkpoint has one this model lacks.</exception>
    public static LlamaForCausalLM Load(string directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        var config = LlamaConfig.Read(Path.Combine(directory, LlamaConfig.FileName));
        var causal = new LlamaForCausalLM(config);
        try
        {
            using var checkpoint = SafetensorsCheckpoint.Open(directory);
            causal.LoadWeights(checkpoint, directory);
            return causal;
        }
        catch
        {
            causal.Dispose();
            throw;
        }
    }

    /// <summary>Logits <c>[batch, length, vocab]</c> for token ids <c>[batch, length]</c>, each position seeing only itself and those before it.</summary>
    public override Tensor forward(Tensor tokens) => ForwardWithCache(tokens, null);

    /// <summary>As <see cref="forward"/>, for tokens after the positions in <paramref name="cache"/>, which gains them (for generation).</summary>
    public Tensor ForwardWithCache(Tensor tokens, KeyValueCache? cache)
    {
        using var scope = NewDisposeScope();
        var hidden = model.ForwardWithCache(tokens, cache);
        var logits = head is null ? functional.linear(hidden, model.Embeddings.weight!) : head.call(hidden);
        return logits.MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Wraps <paramref name="settings"/>' target projections of every layer in <see cref="LoraLinear"/> and returns them
    /// under their module names (<c>model.layers.0.self_attn.q_proj</c>), in layer order. Load the weights first: the
    /// wrapped base weights are named <c>….q_proj.base_layer.weight</c> afterwards, as in PEFT.
    /// </summary>
    public IReadOnlyList<(string Name, LoraLinear Module)> AttachLora(LoraSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var attached = new List<(string, LoraLinear)>();
        var layers = model.Layers;
        for (var i = 0; i < layers.Count; i++)
        {
            foreach (var (prefix, host) in new (string, ILoraHost)[] { ("self_attn", layers[i].Attention), ("mlp", layers[i].Mlp) })
            {
                foreach (var projection in host.ProjectionNames.Where(settings.Targets.Contains))
                {
                    attached.Add(($"model.layers.{i}.{prefix}.{projection}", host.AttachLora(projection, settings)));
                }
            }
        }
        return attached;
    }

    private void LoadWeights(SafetensorsCheckpoint checkpoint, string directory)
    {
        var parameters = named_parameters().ToList();
        using (no_grad())
        {
            foreach (var (name, parameter) in parameters)
            {
                if (!checkpoint.Contains(name))
                {
                    throw new InvalidDataException($"{directory}: the checkpoint has no {name}, which a LlamaForCausalLM with this config.json has.");
                }
                var shape = checkpoint[name].Shape;
                if (!shape.SequenceEqual(parameter.shape))
                {
                    throw new InvalidDataException($"{directory}: {name} is [{string.Join(", ", shape)}], but config.json makes it [{string.Join(", ", parameter.shape)}].");
                }
                using var values = tensor(checkpoint.ReadSingles(name), parameter.shape);
                parameter.copy_(values);
                parameter.requires_grad = false;
            }
        }
        var known = parameters.Select(p => p.name).ToHashSet(StringComparer.Ordinal);
        // A tied checkpoint may still store lm_head.weight (a copy of the embeddings); older ones store RoPE's inv_freq.
        var unknown = checkpoint.Tensors.Select(t => t.Name)
            .Where(n => !known.Contains(n) && !n.EndsWith(".rotary_emb.inv_freq", StringComparison.Ordinal) && !(head is null && n == "lm_head.weight"))
            .ToList();
        if (unknown.Count > 0)
        {
            throw new InvalidDataException($"{directory}: the checkpoint has {string.Join(", ", unknown.Take(5))}{(unknown.Count > 5 ? ", …" : "")}, which a LlamaForCausalLM with this config.json does not.");
        }
    }
}
