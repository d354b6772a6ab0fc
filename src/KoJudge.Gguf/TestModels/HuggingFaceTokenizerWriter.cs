using System.Text.Json;
using KoJudge.Gguf.Conversion;

namespace KoJudge.Gguf.TestModels;

/// <summary>
/// Writes a checkpoint's tokenizer files as Hugging Face saves a Llama-3 tokenizer: <c>tokenizer.json</c> (a byte-level
/// BPE vocabulary, Llama 3's split pattern, a template that adds BOS), <c>tokenizer_config.json</c> (special tokens and
/// the chat template) and <c>generation_config.json</c>.
/// </summary>
public static class HuggingFaceTokenizerWriter
{
    /// <summary>
    /// Writes the three files into <paramref name="directory"/>: <c>tokenizer.json</c> copied from
    /// <paramref name="tokenizerJson"/> (such as Llama-3's own), or else made from <paramref name="vocabulary"/>.
    /// </summary>
    public static void Write(string directory, ByteLevelVocabulary vocabulary, string? tokenizerJson = null)
    {
        ArgumentNullException.ThrowIfNull(vocabulary);
        var tokenizerPath = Path.Combine(directory, LlamaTokenizer.TokenizerFileName);
        if (tokenizerJson is not null)
        {
            File.Copy(tokenizerJson, tokenizerPath, overwrite: true);
        }
        else
        {
            WriteTokenizerJson(tokenizerPath, vocabulary);
        }
        WriteJson(Path.Combine(directory, LlamaTokenizer.ConfigFileName), json =>
        {
            json.WriteString("bos_token", "<|begin_of_text|>");
            json.WriteString("eos_token", "<|eot_id|>");
            json.WriteString("chat_template", TestModelWriter.Llama3ChatTemplateJinja);
            json.WriteString("tokenizer_class", "PreTrainedTokenizerFast");
        });
        WriteJson(Path.Combine(directory, LlamaTokenizer.GenerationConfigFileName), json =>
        {
            json.WriteNumber("bos_token_id", vocabulary.BeginOfText);
            json.WriteStartArray("eos_token_id");
            json.WriteNumberValue(vocabulary.EndOfText);
            json.WriteNumberValue(vocabulary.EndOfTurn);
            json.WriteEndArray();
        });
    }

    private static void WriteTokenizerJson(string path, ByteLevelVocabulary vocabulary) => WriteJson(path, json =>
    {
        json.WriteString("version", "1.0");
        json.WriteStartArray("added_tokens");
        for (var id = 0; id < vocabulary.Count; id++)
        {
            if (vocabulary.Types[id] == ByteLevelVocabulary.ControlToken)
            {
                json.WriteStartObject();
                json.WriteNumber("id", id);
                json.WriteString("content", vocabulary.Tokens[id]);
                json.WriteBoolean("single_word", false);
                json.WriteBoolean("lstrip", false);
                json.WriteBoolean("rstrip", false);
                json.WriteBoolean("normalized", false);
                json.WriteBoolean("special", true);
                json.WriteEndObject();
            }
        }
        json.WriteEndArray();
        json.WriteNull("normalizer");
        json.WriteStartObject("pre_tokenizer");
        json.WriteString("type", "Sequence");
        json.WriteStartArray("pretokenizers");
        json.WriteStartObject();
        json.WriteString("type", "Split");
        json.WriteStartObject("pattern");
        json.WriteString("Regex", LlamaTokenizer.Llama3SplitPattern);
        json.WriteEndObject();
        json.WriteString("behavior", "Isolated");
        json.WriteBoolean("invert", false);
        json.WriteEndObject();
        json.WriteStartObject();
        json.WriteString("type", "ByteLevel");
        json.WriteBoolean("add_prefix_space", false);
        json.WriteBoolean("trim_offsets", true);
        json.WriteBoolean("use_regex", false);
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteStartObject("post_processor");
        json.WriteString("type", "TemplateProcessing");
        json.WriteStartArray("single");
        json.WriteStartObject();
        json.WriteStartObject("SpecialToken");
        json.WriteString("id", "<|begin_of_text|>");
        json.WriteNumber("type_id", 0);
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteStartObject();
        json.WriteStartObject("Sequence");
        json.WriteString("id", "A");
        json.WriteNumber("type_id", 0);
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteStartObject("model");
        json.WriteString("type", "BPE");
        json.WriteBoolean("ignore_merges", true);
        json.WriteStartObject("vocab");
        for (var id = 0; id < vocabulary.Count; id++)
        {
            if (vocabulary.Types[id] != ByteLevelVocabulary.ControlToken)
            {
                json.WriteNumber(vocabulary.Tokens[id], id);
            }
        }
        json.WriteEndObject();
        json.WriteStartArray("merges");
        foreach (var merge in vocabulary.Merges)
        {
            json.WriteStringValue(merge);
        }
        json.WriteEndArray();
        json.WriteEndObject();
    });

    private static void WriteJson(string path, Action<Utf8JsonWriter> body)
    {
        using var stream = File.Create(path);
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        body(json);
        json.WriteEndObject();
    }
}
