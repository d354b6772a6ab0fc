using KoJudge.Training.Lora;
using KoJudge.Training.Model;
using KoJudge.Training.Tests.Support;
using static TorchSharp.torch;

namespace KoJudge.Training.Tests.Lora;

public sealed class LoraLinearTests
{
    private static readonly LoraSettings EveryProjection = new(rank: 4, alpha: 8, dropout: 0, LoraSettings.AllProjections);

    [Fact]
    public void A_fresh_adapter_with_B_zero_leaves_the_logits_bit_identical()
    {
        using var checkpoint = TinyCheckpoint.Create();
        using var plain = LlamaForCausalLM.Load(checkpoint.Directory);
        using var adapted = LlamaForCausalLM.Load(checkpoint.Directory);
        manual_seed(1);
        var attached = adapted.AttachLora(EveryProjection);

        Assert.Equal(TinyCheckpoint.Spec.Layers * LoraSettings.AllProjections.Count, attached.Count);
        // A is drawn (Kaiming-uniform) and B is zero, so only B keeps the update at nothing.
        Assert.All(attached, a => Assert.NotEqual(0f, a.Module.A.abs().max().item<float>()));
        Assert.All(attached, a => Assert.Equal(0f, a.Module.B.abs().max().item<float>()));
        Assert.Equal(Logits(plain), Logits(adapted));
    }

    [Fact]
    public void An_adapter_with_random_B_equals_the_base_with_alpha_over_r_times_B_A_merged_into_its_weights()
    {
        using var checkpoint = TinyCheckpoint.Create();
        using var merged = LlamaForCausalLM.Load(checkpoint.Directory);
        using var adapted = LlamaForCausalLM.Load(checkpoint.Directory);
        var before = Logits(merged);
        manual_seed(2);
        var settings = new LoraSettings(rank: 4, alpha: 12, dropout: 0.1, ["q_proj", "v_proj", "down_proj"]);
        var attached = adapted.AttachLora(settings);
        using (no_grad())
        {
            foreach (var (_, module) in attached)
            {
                module.B.copy_(randn(module.B.shape) * 0.1);
            }
        }

        // The oracle: W + (alpha / r) · B · A, summed by hand in double, written into the plain model's weights by name.
        var weights = merged.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        foreach (var (name, module) in attached)
        {
            var weight = weights[name + ".weight"];
            var (outputs, inputs, rank) = ((int)weight.shape[0], (int)weight.shape[1], settings.Rank);
            var (w, a, b) = (weight.data<float>().ToArray(), module.A.data<float>().ToArray(), module.B.data<float>().ToArray());
            for (var o = 0; o < outputs; o++)
            {
                for (var i = 0; i < inputs; i++)
                {
                    var update = 0.0;
                    for (var r = 0; r < rank; r++)
                    {
                        update += (double)b[(o * rank) + r] * a[(r * inputs) + i];
                    }
                    w[(o * inputs) + i] += (float)(settings.Scaling * update);
                }
            }
            using (no_grad())
            {
                weight.copy_(tensor(w, weight.shape));
            }
        }

        var expected = Logits(merged);
        var actual = Logits(adapted);
        Assert.True(MaxDifference(before, expected) > 1e-2, "The merged update barely moves the logits; the comparison would prove little.");
        Assert.True(MaxDifference(expected, actual) <= 1e-5, $"LoRA's logits differ from the merged model's by {MaxDifference(expected, actual)}.");
    }

    [Fact]
    public void Backward_gives_gradients_to_the_LoRA_weights_only_and_a_step_leaves_the_base_unchanged()
    {
        using var checkpoint = TinyCheckpoint.Create();
        using var model = LlamaForCausalLM.Load(checkpoint.Directory);
        manual_seed(3);
        model.AttachLora(new LoraSettings(rank: 4, alpha: 8, dropout: 0.05, LoraSettings.AllProjections));
        var parameters = model.named_parameters().ToList();
        var baseBefore = parameters.Where(p => !IsLora(p.name)).ToDictionary(p => p.name, p => p.parameter.data<float>().ToArray());
        Assert.Contains("model.layers.0.self_attn.q_proj.base_layer.weight", baseBefore.Keys);
        var trainable = parameters.Where(p => p.parameter.requires_grad).ToList();
        Assert.Equal(parameters.Where(p => IsLora(p.name)).Select(p => p.name), trainable.Select(p => p.name));
        var before = Logits(model);

        model.train();
        var tokens = tensor(TinyCheckpoint.Tokens(20)).unsqueeze(0);
        using var optimizer = optim.AdamW(trainable.Select(p => p.parameter), lr: 1e-2);
        optimizer.zero_grad();
        using (var logits = model.call(tokens))
        using (var loss = nn.functional.cross_entropy(logits[0, ..^1], tokens[0, 1..]))
        {
            loss.backward();
        }

        foreach (var (name, parameter) in parameters)
        {
            if (!IsLora(name))
            {
                Assert.True(parameter.grad is null, $"The frozen {name} got a gradient.");
            }
            else
            {
                Assert.True(parameter.grad is not null, $"{name} got no gradient.");
            }
        }
        // With B zero, A's gradient is zero too (it flows through B); B's is not.
        Assert.All(parameters.Where(p => p.name.EndsWith("lora_B.weight", StringComparison.Ordinal)),
            p => Assert.NotEqual(0f, p.parameter.grad!.abs().max().item<float>()));
        optimizer.step();

        Assert.All(parameters.Where(p => !IsLora(p.name)), p => Assert.Equal(baseBefore[p.name], p.parameter.data<float>().ToArray()));
        Assert.True(MaxDifference(before, Logits(model)) > 1e-4, "The step did not change the adapted model's logits.");
    }

    private static bool IsLora(string name) => name.Contains(".lora_A.", StringComparison.Ordinal) || name.Contains(".lora_B.", StringComparison.Ordinal);

    private static float[] Logits(LlamaForCausalLM model)
    {
        model.eval();
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        return model.call(tensor(TinyCheckpoint.Tokens(20)).unsqueeze(0)).data<float>().ToArray();
    }

    private static double MaxDifference(float[] a, float[] b) => a.Zip(b, (x, y) => (double)Math.Abs(x - y)).Max();
}
