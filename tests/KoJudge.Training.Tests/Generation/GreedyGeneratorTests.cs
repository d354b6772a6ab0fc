using KoJudge.Training.Generation;
using KoJudge.Training.Model;
using KoJudge.Training.Tests.Support;
using static TorchSharp.torch;

namespace KoJudge.Training.Tests.Generation;

public sealed class GreedyGeneratorTests
{
    [Fact]
    public void Decoding_through_the_cache_in_batches_gives_the_argmax_of_reading_the_whole_sequence_each_step()
    {
        using var checkpoint = TinyCheckpoint.Create();
        using var model = LlamaForCausalLM.Load(checkpoint.Directory);
        var all = TinyCheckpoint.Tokens(40).Select(t => (int)t).ToArray();
        // Two prompts of one length share a batch; the third decodes alone.
        int[][] prompts = [all[..12], all[5..17], all[3..23]];
        int[] stops = [299];

        var generated = GreedyGenerator.Generate(model, prompts, maxNewTokens: 16, stops, batchSize: 4, TestContext.Current.CancellationToken);

        // The oracle: no cache, no batch, the whole sequence read again for every token.
        for (var p = 0; p < prompts.Length; p++)
        {
            var sequence = prompts[p].ToList();
            var expected = new List<int>();
            using (no_grad())
            {
                model.eval();
                for (var step = 0; step < 16; step++)
                {
                    using var logits = model.call(tensor(sequence.Select(t => (long)t).ToArray()).unsqueeze(0));
                    var next = (int)logits[0, -1].argmax().item<long>();
                    if (stops.Contains(next))
                    {
                        break;
                    }
                    expected.Add(next);
                    sequence.Add(next);
                }
            }
            Assert.Equal(expected, generated[p]);
        }
        Assert.Contains(generated, g => g.Distinct().Count() > 1);
    }

    [Fact]
    public void A_row_ends_at_its_stop_token_which_is_left_out()
    {
        using var checkpoint = TinyCheckpoint.Create();
        using var model = LlamaForCausalLM.Load(checkpoint.Directory);
        int[] prompt = [.. TinyCheckpoint.Tokens(10).Select(t => (int)t)];
        var free = GreedyGenerator.Generate(model, [prompt], maxNewTokens: 8, [], cancellationToken: TestContext.Current.CancellationToken)[0];

        // Stopping on the fourth token generated freely ends the row just before it.
        var stopped = GreedyGenerator.Generate(model, [prompt], maxNewTokens: 8, [free[3]], cancellationToken: TestContext.Current.CancellationToken)[0];

        Assert.Equal(8, free.Length);
        Assert.Equal(free.TakeWhile(t => t != free[3]), stopped);
    }
}
