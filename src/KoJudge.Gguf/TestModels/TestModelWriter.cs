using KoJudge.Statistics;

namespace KoJudge.Gguf.TestModels;

/// <summary>
/// Writes deterministic random-weight Llama-3-style GGUF models and matching LoRA adapters, which llama.cpp loads
/// like any real model. The scores they give mean nothing; they prove the engine end to end.
/// </summary>
public static class TestModelWriter
{
    /// <summary>Llama-3's Jinja chat template, which llama.cpp recognises and renders with its built-in Llama-3 format.</summary>
    public const string Llama3ChatTemplateJinja =
        "{% set loop_messages = messages %}{% for message in loop_messages %}{% set content = '<|start_header_id|>' + message['role'] + "
        + "'<|end_header_id|>\n\n'+ message['content'] | trim + '<|eot_id|>' %}{% if loop.index0 == 0 %}{% set content = bos_token + content %}"
        + "{% endif %}{{ content }}{% endfor %}{% if add_generation_prompt %}{{ '<|start_header_id|>assistant<|end_header_id|>\n\n' }}{% endif %}";

    // The layers a LoRA adapts: attention's query and value projections, as PEFT adapters commonly do.
    private static readonly string[] LoraTargets = ["attn_q", "attn_v"];

    /// <summary>Writes the model and returns its parameter count.</summary>
    public static long WriteModel(string path, TestModelSpec spec, ByteLevelVocabulary vocabulary)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(vocabulary);
        if (spec.Embedding % spec.Heads != 0 || spec.Heads % spec.KvHeads != 0)
        {
            throw new ArgumentException("The embedding must split evenly into heads, and heads into KV heads.", nameof(spec));
        }
        var e = spec.Embedding;
        var v = vocabulary.Count;
        var kv = spec.KvHeads * spec.HeadDimension;
        var gguf = new GgufWriter()
            .Add("general.architecture", "llama")
            .Add("general.name", $"kojudge-random-{spec.Layers}x{e}")
            .Add("llama.vocab_size", (uint)v)
            .Add("llama.context_length", (uint)spec.ContextLength)
            .Add("llama.embedding_length", (uint)e)
            .Add("llama.block_count", (uint)spec.Layers)
            .Add("llama.feed_forward_length", (uint)spec.FeedForward)
            .Add("llama.attention.head_count", (uint)spec.Heads)
            .Add("llama.attention.head_count_kv", (uint)spec.KvHeads)
            .Add("llama.attention.layer_norm_rms_epsilon", 1e-5f)
            .Add("llama.rope.dimension_count", (uint)spec.HeadDimension)
            .Add("llama.rope.freq_base", 500000f)
            .Add("tokenizer.ggml.model", "gpt2")
            .Add("tokenizer.ggml.pre", "llama-bpe")
            .Add("tokenizer.ggml.tokens", vocabulary.Tokens)
            .Add("tokenizer.ggml.token_type", vocabulary.Types)
            .Add("tokenizer.ggml.merges", vocabulary.Merges)
            .Add("tokenizer.ggml.bos_token_id", (uint)vocabulary.BeginOfText)
            .Add("tokenizer.ggml.eos_token_id", (uint)vocabulary.EndOfText)
            .Add("tokenizer.ggml.eot_token_id", (uint)vocabulary.EndOfTurn)
            .Add("tokenizer.ggml.add_bos_token", true)
            .Add("tokenizer.chat_template", Llama3ChatTemplateJinja);

        var seed = spec.Seed;
        gguf.AddTensor("token_embd.weight", [e, v], Random(seed, "token_embd.weight", (long)e * v, 1f));
        gguf.AddTensor("output_norm.weight", [e], Ones(e));
        if (!spec.TieOutput)
        {
            gguf.AddTensor("output.weight", [e, v], Random(seed, "output.weight", (long)e * v, 1f / MathF.Sqrt(e)));
        }
        for (var layer = 0; layer < spec.Layers; layer++)
        {
            var block = $"blk.{layer}";
            gguf.AddTensor($"{block}.attn_norm.weight", [e], Ones(e));
            gguf.AddTensor($"{block}.ffn_norm.weight", [e], Ones(e));
            AddMatrix(gguf, seed, $"{block}.attn_q.weight", e, e);
            AddMatrix(gguf, seed, $"{block}.attn_k.weight", e, kv);
            AddMatrix(gguf, seed, $"{block}.attn_v.weight", e, kv);
            AddMatrix(gguf, seed, $"{block}.attn_output.weight", e, e);
            AddMatrix(gguf, seed, $"{block}.ffn_gate.weight", e, spec.FeedForward);
            AddMatrix(gguf, seed, $"{block}.ffn_up.weight", e, spec.FeedForward);
            AddMatrix(gguf, seed, $"{block}.ffn_down.weight", spec.FeedForward, e);
        }
        gguf.Write(path);
        return gguf.ParameterCount;
    }

    /// <summary>Writes a LoRA adapter for a model of <paramref name="spec"/>'s shape, adapting each layer's query and value projections.</summary>
    public static void WriteLora(string path, TestModelSpec spec, int rank = 8, float alpha = 8f, ulong seed = 7)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var gguf = new GgufWriter()
            .Add("general.architecture", "llama")
            .Add("general.type", "adapter")
            .Add("adapter.type", "lora")
            .Add("adapter.lora.alpha", alpha);
        var e = spec.Embedding;
        var outputs = new Dictionary<string, int> { ["attn_q"] = e, ["attn_v"] = spec.KvHeads * spec.HeadDimension };
        for (var layer = 0; layer < spec.Layers; layer++)
        {
            foreach (var target in LoraTargets)
            {
                var name = $"blk.{layer}.{target}.weight";
                // PEFT starts B at zero; random B makes the adapter change the logits, which is what tests look for.
                gguf.AddTensor($"{name}.lora_a", [e, rank], Random(seed, $"{name}.lora_a", (long)e * rank, 1f / MathF.Sqrt(e)));
                gguf.AddTensor($"{name}.lora_b", [rank, outputs[target]], Random(seed, $"{name}.lora_b", (long)rank * outputs[target], 0.5f));
            }
        }
        gguf.Write(path);
    }

    private static void AddMatrix(GgufWriter gguf, ulong seed, string name, int inputs, int outputs) =>
        gguf.AddTensor(name, [inputs, outputs], Random(seed, name, (long)inputs * outputs, 1f / MathF.Sqrt(inputs)));

    private static float[] Ones(int count) => Enumerable.Repeat(1f, count).ToArray();

    internal static float[] Random(ulong seed, string name, long count, float scale)
    {
        var generator = new SplitMix64(SplitMix64.Derive(seed, name));
        var values = new float[count];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = generator.NextSigned() * scale;
        }
        return values;
    }
}
