using System.Text.Json;
using KoJudge.ChatTemplates;
using KoJudge.Gguf;
using KoJudge.LlamaCpp;
using KoJudge.Prompts;
using KoJudge.TestSupport;
using KoJudge.Training.Data;

namespace KoJudge.Training.Tests.Data;

public sealed class ByteLevelBpeTokenizerTests
{
    private static readonly Lazy<ByteLevelBpeTokenizer> Llama3 = new(() => ByteLevelBpeTokenizer.FromTokenizerJson(GeneratedModels.Llama3TokenizerJson));

    internal static ByteLevelBpeTokenizer Llama3Tokenizer => Llama3.Value;

    [Fact]
    public void The_seed_example_as_the_judge_renders_it_gives_Hugging_Faces_620_ids()
    {
        var example = KoPrometheusSeed.Example;
        var chat = Llama3ChatTemplate.Render(AbsoluteGradingPrompt.Render(example.Instruction, example.Response, example.Reference, RubricCatalog.Find("math")!.Rubric));

        var ids = Llama3Tokenizer.Encode(chat);

        var expected = HuggingFaceIds();
        Assert.Equal(620, expected.Length);
        Assert.Equal(expected, ids);
        Assert.Equal(chat, Llama3Tokenizer.Decode(ids));
    }

    [Fact]
    public void Special_tokens_are_read_as_themselves_and_their_spelling_elsewhere_is_not()
    {
        var eot = Llama3Tokenizer.SpecialTokenId(Llama3ChatTemplate.EndOfTurn);

        var ids = Llama3Tokenizer.Encode("네<|eot_id|>");
        var spelledApart = Llama3Tokenizer.Encode("<|eot_id |>");

        Assert.Equal(128009, eot);
        Assert.Equal(eot, ids[^1]);
        Assert.Equal(2, ids.Length);
        Assert.DoesNotContain(eot, spelledApart);
        Assert.True(spelledApart.Length > 1);
    }

    [Fact]
    public void A_long_Korean_text_tokenizes_as_llama_cpp_tokenizes_it()
    {
        // Korean prose, numbers past three digits, runs of spaces and blank lines, code, an emoji, a contraction and the
        // chat template's own tokens: each branch of the split regex and of the special-token split.
        var text = string.Join("\n", Enumerable.Range(1, 40).Select(i =>
            $"{i}. 대한민국의 수도는 서울이며, 인구는 약 9,411,264명입니다 (2023년 기준).   들여쓰기\t탭\n\n"
            + $"```python\ndef f(x):\n    return {{'값': x ** {i}}}\n```  🙂 It's <|eot_id|>끝<|start_header_id|>user<|end_header_id|>\n\n"));
        using var llamaCpp = LlamaCppTokenizer.Load(GeneratedModels.RealVocabulary());

        var ids = Llama3Tokenizer.Encode(text);

        Assert.True(ids.Length > 2000);
        Assert.Equal(llamaCpp.Tokenize(text), ids);
    }

    [Fact]
    public void A_tokenizer_whose_merges_do_not_follow_its_ids_is_refused_rather_than_misread()
    {
        var path = Path.Combine(Path.GetTempPath(), $"kojudge-tokenizer-{Guid.NewGuid():N}.json");
        var vocabulary = Enumerable.Range(0, 256).ToDictionary(b => ByteLevelVocabulary.ByteToUnicode[b].ToString(), b => b);
        vocabulary["ab"] = 257;
        vocabulary["cd"] = 256;
        File.WriteAllText(path, JsonSerializer.Serialize(new
        {
            added_tokens = Array.Empty<object>(),
            pre_tokenizer = new { type = "Sequence", pretokenizers = new object[] { new { type = "Split", pattern = new { Regex = "\\S+" }, behavior = "Isolated", invert = false }, new { type = "ByteLevel", add_prefix_space = false, use_regex = false } } },
            model = new { type = "BPE", vocab = vocabulary, merges = new[] { "c d", "a b" } },
        }));
        try
        {
            Assert.NotNull(ByteLevelBpeTokenizer.FromTokenizerJson(path));
            File.WriteAllText(path, File.ReadAllText(path).Replace("\"c d\",\"a b\"", "\"a b\",\"c d\"", StringComparison.Ordinal));

            var e = Assert.Throws<InvalidDataException>(() => ByteLevelBpeTokenizer.FromTokenizerJson(path));

            Assert.Contains("model.merges[1]", e.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    internal static int[] HuggingFaceIds()
    {
        using var fixture = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "seed-example-llama3-ids.json")));
        return [.. fixture.RootElement.GetProperty("ids").EnumerateArray().Select(e => e.GetInt32())];
    }
}
