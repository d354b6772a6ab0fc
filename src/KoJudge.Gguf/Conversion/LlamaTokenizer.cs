using System.Text.Json;
using KoJudge.Datasets;

namespace KoJudge.Gguf.Conversion;

/// <summary>
/// A Hugging Face tokenizer as llama.cpp's <c>gpt2</c> tokenizer reads it from GGUF: the byte-level BPE vocabulary of
/// <c>tokenizer.json</c>, the pre-tokenizer llama.cpp must apply, the special ids of <c>tokenizer_config.json</c>
/// (else <c>generation_config.json</c>), whether a BOS is added, and the chat template.
/// </summary>
public sealed record LlamaTokenizer(
    ByteLevelVocabulary Vocabulary,
    string PreTokenizer,
    int BeginOfSequence,
    int EndOfSequence,
    int? EndOfTurn,
    bool? AddBeginOfSequence,
    string? ChatTemplate)
{
    public const string TokenizerFileName = "tokenizer.json";
    public const string ConfigFileName = "tokenizer_config.json";
    public const string GenerationConfigFileName = "generation_config.json";

    /// <summary>
    /// Llama 3's split pattern, which llama.cpp applies as its <c>llama-bpe</c> pre-tokenizer. llama.cpp's Python
    /// converter tells pre-tokenizers apart by hashing how they split a test text; KoJudge reads the pattern itself,
    /// which names the same thing without running a tokenizer.
    /// </summary>
    public const string Llama3SplitPattern =
        @"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+";

    /// <summary>Reads the tokenizer files of the checkpoint folder <paramref name="directory"/>.</summary>
    /// <exception cref="InputFormatException">A file is missing or not JSON, or a field is wrong or not supported.</exception>
    /// <exception cref="InvalidDataException"><c>tokenizer.json</c> is not a BPE tokenizer with Llama-3's control tokens.</exception>
    public static LlamaTokenizer Read(string directory)
    {
        var tokenizerPath = Path.Combine(directory, TokenizerFileName);
        string preTokenizer;
        bool? bosFromTemplate;
        ByteLevelVocabulary vocabulary;
        // One parse of a file that is 9 MB for Llama 3: the vocabulary and the fields beside it come from the same document.
        using (var document = HuggingFaceJson.Parse(tokenizerPath))
        {
            var json = new HuggingFaceJson(tokenizerPath, document.RootElement);
            preTokenizer = PreTokenizerOf(json);
            bosFromTemplate = json.Optional("post_processor") is { } processor ? AddsBos(processor) : null;
            vocabulary = ByteLevelVocabulary.FromTokenizerJson(tokenizerPath, document);
        }

        var configPath = Path.Combine(directory, ConfigFileName);
        var generationPath = Path.Combine(directory, GenerationConfigFileName);
        using var config = File.Exists(configPath) ? HuggingFaceJson.Parse(configPath) : null;
        using var generation = File.Exists(generationPath) ? HuggingFaceJson.Parse(generationPath) : null;
        var tokenizerConfig = config is null ? null : new HuggingFaceJson(configPath, config.RootElement);
        var generationConfig = generation is null ? null : new HuggingFaceJson(generationPath, generation.RootElement);
        int Special(string tokenField, string idField)
        {
            if (tokenizerConfig is not null && TokenText(tokenizerConfig, tokenField) is { } text)
            {
                return vocabulary.IdOf(text) ?? throw tokenizerConfig.Problem(tokenField, $"{text} is not a token of {TokenizerFileName}");
            }
            if (generationConfig?.Optional(idField) is { } id)
            {
                var first = id.ValueKind == JsonValueKind.Array && id.GetArrayLength() > 0 ? id[0] : id;
                return first.ValueKind == JsonValueKind.Number && first.TryGetInt32(out var value) && value >= 0 && value < vocabulary.Count
                    ? value
                    : throw generationConfig.Problem(idField, $"must be a token id below {vocabulary.Count}, not {id.GetRawText()}");
            }
            throw new InputFormatException(configPath, null, tokenField, $"is missing, and {GenerationConfigFileName} has no {idField}");
        }
        return new LlamaTokenizer(
            vocabulary,
            preTokenizer,
            BeginOfSequence: Special("bos_token", "bos_token_id"),
            EndOfSequence: Special("eos_token", "eos_token_id"),
            EndOfTurn: vocabulary.IdOf("<|eot_id|>"),
            AddBeginOfSequence: tokenizerConfig?.Optional("add_bos_token") is null ? bosFromTemplate : tokenizerConfig.Bool("add_bos_token", false),
            ChatTemplate: tokenizerConfig is null ? null : ChatTemplateOf(tokenizerConfig));
    }

    /// <summary>Adds the <c>tokenizer.*</c> keys, with the vocabulary padded to the model's <paramref name="vocabSize"/>.</summary>
    public void AddTo(GgufWriter gguf, int vocabSize)
    {
        ArgumentNullException.ThrowIfNull(gguf);
        var padded = Vocabulary.PaddedTo(vocabSize);
        gguf.Add("tokenizer.ggml.model", "gpt2")
            .Add("tokenizer.ggml.pre", PreTokenizer)
            .Add("tokenizer.ggml.tokens", padded.Tokens)
            .Add("tokenizer.ggml.token_type", padded.Types)
            .Add("tokenizer.ggml.merges", padded.Merges)
            .Add("tokenizer.ggml.bos_token_id", (uint)BeginOfSequence)
            .Add("tokenizer.ggml.eos_token_id", (uint)EndOfSequence);
        if (EndOfTurn is { } eot)
        {
            gguf.Add("tokenizer.ggml.eot_token_id", (uint)eot);
        }
        // Left out when neither file says, so llama.cpp's own default for the pre-tokenizer holds.
        if (AddBeginOfSequence is { } addBos)
        {
            gguf.Add("tokenizer.ggml.add_bos_token", addBos);
        }
        if (ChatTemplate is { } template)
        {
            gguf.Add("tokenizer.chat_template", template);
        }
    }

    private static string PreTokenizerOf(HuggingFaceJson tokenizer)
    {
        var patterns = new List<string>();
        void Collect(JsonElement step)
        {
            if (step.ValueKind != JsonValueKind.Object)
            {
                return;
            }
            if (step.TryGetProperty("pretokenizers", out var steps) && steps.ValueKind == JsonValueKind.Array)
            {
                foreach (var inner in steps.EnumerateArray())
                {
                    Collect(inner);
                }
            }
            if (step.TryGetProperty("pattern", out var pattern) && pattern.ValueKind == JsonValueKind.Object
                && pattern.TryGetProperty("Regex", out var regex) && regex.ValueKind == JsonValueKind.String)
            {
                patterns.Add(regex.GetString()!);
            }
        }
        if (tokenizer.Optional("pre_tokenizer") is { } preTokenizer)
        {
            Collect(preTokenizer);
        }
        return patterns is [Llama3SplitPattern]
            ? "llama-bpe"
            : throw tokenizer.Problem("pre_tokenizer", "is not Llama 3's split pattern; only Llama-3-style vocabularies are converted");
    }

    // A TemplateProcessing post-processor whose single-sequence template starts with a special token adds it first.
    private static bool? AddsBos(JsonElement processor)
    {
        if (processor.ValueKind != JsonValueKind.Object)
        {
            return null;
        }
        if (processor.TryGetProperty("processors", out var processors) && processors.ValueKind == JsonValueKind.Array)
        {
            return processors.EnumerateArray().Select(AddsBos).FirstOrDefault(b => b is not null);
        }
        if (!processor.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String || type.GetString() != "TemplateProcessing")
        {
            return null;
        }
        return processor.TryGetProperty("single", out var single) && single.ValueKind == JsonValueKind.Array
            && single.GetArrayLength() > 0 && single[0].ValueKind == JsonValueKind.Object && single[0].TryGetProperty("SpecialToken", out _);
    }

    // A special token is written as its text, or as an AddedToken object whose "content" is the text.
    private static string? TokenText(HuggingFaceJson config, string field) => config.Optional(field) switch
    {
        null => null,
        { ValueKind: JsonValueKind.String } text => text.GetString(),
        { ValueKind: JsonValueKind.Object } added when added.TryGetProperty("content", out var content) && content.ValueKind == JsonValueKind.String => content.GetString(),
        var other => throw config.Problem(field, $"must be a token's text, not {other.Value.GetRawText()}"),
    };

    // transformers allows one template, or a list of named ones of which "default" is the chat template.
    private static string? ChatTemplateOf(HuggingFaceJson config)
    {
        switch (config.Optional("chat_template"))
        {
            case null:
                return null;
            case { ValueKind: JsonValueKind.String } template:
                return template.GetString();
            case { ValueKind: JsonValueKind.Array } named:
                foreach (var entry in named.EnumerateArray())
                {
                    if (entry.ValueKind == JsonValueKind.Object && entry.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String
                        && name.GetString() == "default" && entry.TryGetProperty("template", out var body) && body.ValueKind == JsonValueKind.String)
                    {
                        return body.GetString();
                    }
                }
                throw config.Problem("chat_template", "is a list of templates with none named default");
            case var other:
                throw config.Problem("chat_template", $"must be a string, not {other.Value.GetRawText()}");
        }
    }
}
