using System.Text.Json.Nodes;
using KoJudge.Datasets;
using KoJudge.Gguf.Conversion;
using KoJudge.Gguf.TestModels;

namespace KoJudge.Gguf.Tests.Conversion;

public sealed class LlamaTokenizerTests
{
    private static string TinyTokenizerFolder()
    {
        var folder = Directory.CreateTempSubdirectory("kojudge-tokenizer-").FullName;
        HuggingFaceTokenizerWriter.Write(folder, ByteLevelVocabulary.Tiny());
        return folder;
    }

    private static void Edit(string file, Action<JsonObject> edit)
    {
        var json = JsonNode.Parse(File.ReadAllText(file))!.AsObject();
        edit(json);
        File.WriteAllText(file, json.ToJsonString());
    }

    [Fact]
    public void Reads_the_special_ids_the_bos_rule_and_the_template_of_a_Llama_3_style_folder()
    {
        var vocabulary = ByteLevelVocabulary.Tiny();

        var tokenizer = LlamaTokenizer.Read(TinyTokenizerFolder());

        Assert.Equal("llama-bpe", tokenizer.PreTokenizer);
        Assert.Equal(vocabulary.BeginOfText, tokenizer.BeginOfSequence);
        Assert.Equal(vocabulary.EndOfTurn, tokenizer.EndOfSequence);
        Assert.Equal(vocabulary.EndOfTurn, tokenizer.EndOfTurn);
        Assert.True(tokenizer.AddBeginOfSequence);
        Assert.Equal(TestModelWriter.Llama3ChatTemplateJinja, tokenizer.ChatTemplate);
        Assert.Equal(vocabulary.Tokens, tokenizer.Vocabulary.Tokens);
        Assert.Equal(vocabulary.Merges, tokenizer.Vocabulary.Merges);
    }

    [Fact]
    public void Takes_tokens_written_as_objects_a_named_default_template_and_add_bos_token_over_the_post_processor()
    {
        var folder = TinyTokenizerFolder();
        Edit(Path.Combine(folder, LlamaTokenizer.ConfigFileName), json =>
        {
            json["bos_token"] = new JsonObject { ["content"] = "<|begin_of_text|>", ["special"] = true };
            json["eos_token"] = new JsonObject { ["content"] = "<|end_of_text|>" };
            json["chat_template"] = new JsonArray(
                new JsonObject { ["name"] = "tool_use", ["template"] = "tools" },
                new JsonObject { ["name"] = "default", ["template"] = "chat" });
            json["add_bos_token"] = false;
        });

        var tokenizer = LlamaTokenizer.Read(folder);

        Assert.Equal(ByteLevelVocabulary.Tiny().EndOfText, tokenizer.EndOfSequence);
        Assert.Equal("chat", tokenizer.ChatTemplate);
        Assert.False(tokenizer.AddBeginOfSequence);
    }

    [Fact]
    public void Without_tokenizer_config_json_the_ids_come_from_generation_config_json()
    {
        var folder = TinyTokenizerFolder();
        File.Delete(Path.Combine(folder, LlamaTokenizer.ConfigFileName));

        var tokenizer = LlamaTokenizer.Read(folder);

        // generation_config.json lists end of text, then end of turn; the first is the EOS.
        Assert.Equal(ByteLevelVocabulary.Tiny().EndOfText, tokenizer.EndOfSequence);
        Assert.Null(tokenizer.ChatTemplate);
    }

    [Fact]
    public void An_eos_token_the_vocabulary_lacks_is_named_by_file_and_field()
    {
        var folder = TinyTokenizerFolder();
        Edit(Path.Combine(folder, LlamaTokenizer.ConfigFileName), json => json["eos_token"] = "</s>");

        var error = Assert.Throws<InputFormatException>(() => LlamaTokenizer.Read(folder));

        Assert.Equal($"{Path.Combine(folder, LlamaTokenizer.ConfigFileName)}: field 'eos_token': </s> is not a token of tokenizer.json", error.Message);
    }

    [Fact]
    public void Pads_the_vocabulary_to_the_models_size_with_unused_tokens()
    {
        var vocabulary = ByteLevelVocabulary.Tiny();

        var padded = vocabulary.PaddedTo(vocabulary.Count + 2);

        Assert.Equal([$"[PAD{vocabulary.Count}]", $"[PAD{vocabulary.Count + 1}]"], padded.Tokens.Skip(vocabulary.Count));
        Assert.Equal([ByteLevelVocabulary.UnusedToken, ByteLevelVocabulary.UnusedToken], padded.Types.Skip(vocabulary.Count));
        Assert.Same(vocabulary, vocabulary.PaddedTo(vocabulary.Count));
    }
}
