using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using KoJudge.Datasets;
using KoJudge.Gguf;
using Microsoft.ML.Tokenizers;

namespace KoJudge.Training.Data;

/// <summary>
/// A base model's tokenizer, read from its Hugging Face <c>tokenizer.json</c>: a tiktoken-style byte-level BPE such as
/// Llama-3's, with its split regex and its special tokens, which are read as themselves wherever they appear in a text.
/// </summary>
/// <remarks>
/// The BPE itself is Microsoft.ML.Tokenizers' <see cref="TiktokenTokenizer"/>. Llama-3's tokenizer.json is a conversion of
/// Meta's tiktoken file (its <c>ignore_merges</c> is tiktoken's rule that a piece already in the vocabulary stays whole), so
/// the tiktoken ranks are the ids of the byte strings the vocabulary spells in GPT-2's byte-to-unicode characters. That holds
/// only where the merges come in the order of the ids they make, which <see cref="FromTokenizerJson(string)"/> checks.
/// </remarks>
public sealed class ByteLevelBpeTokenizer
{
    private readonly TiktokenTokenizer tokenizer;
    private readonly Dictionary<string, int> specialTokens;

    private ByteLevelBpeTokenizer(TiktokenTokenizer tokenizer, Dictionary<string, int> specialTokens, string name)
    {
        this.tokenizer = tokenizer;
        this.specialTokens = specialTokens;
        Name = name;
    }

    /// <summary>Where the tokenizer came from, for messages.</summary>
    public string Name { get; }

    /// <summary>The special tokens (Llama-3's <c>&lt;|eot_id|&gt;</c> and its kin) and their ids.</summary>
    public IReadOnlyDictionary<string, int> SpecialTokens => specialTokens;

    /// <summary>Reads a Hugging Face <c>tokenizer.json</c>.</summary>
    /// <exception cref="InputFormatException">The file is not JSON.</exception>
    /// <exception cref="InvalidDataException">The JSON is not a tiktoken-style byte-level BPE tokenizer's.</exception>
    public static ByteLevelBpeTokenizer FromTokenizerJson(string path)
    {
        using var json = JsonRow.ParseFile(path, File.ReadAllBytes(path));
        try
        {
            return FromTokenizerJson(path, json.RootElement);
        }
        catch (Exception e) when (e is KeyNotFoundException or InvalidOperationException or FormatException or ArgumentException)
        {
            // A missing field or one of another kind, as JsonElement reports it, or a split regex .NET cannot read.
            throw new InvalidDataException($"{path}: not a byte-level BPE tokenizer.json ({e.Message.TrimEnd('.')})", e);
        }
    }

    /// <summary>The ids of <paramref name="text"/>, with special tokens in it read as themselves; no token is added.</summary>
    public int[] Encode(string text) => [.. tokenizer.EncodeToIds(text)];

    /// <summary>The text of <paramref name="ids"/>, special tokens included.</summary>
    public string Decode(IEnumerable<int> ids) => tokenizer.Decode(ids);

    /// <summary>The id of a special token, such as <c>&lt;|eot_id|&gt;</c>.</summary>
    /// <exception cref="KeyNotFoundException">The tokenizer has no such special token.</exception>
    public int SpecialTokenId(string token) =>
        specialTokens.TryGetValue(token, out var id) ? id : throw new KeyNotFoundException($"{Name} has no special token {token}.");

    private static ByteLevelBpeTokenizer FromTokenizerJson(string path, JsonElement root)
    {
        var model = root.GetProperty("model");
        if (model.GetProperty("type").GetString() != "BPE")
        {
            throw new InvalidDataException($"{path}: field 'model.type': only a BPE tokenizer is read, not {model.GetProperty("type")}.");
        }
        // JsonElement finds a property by a linear search: 280,000 merge look-ups in 128,000 tokens need a dictionary.
        var vocabulary = model.GetProperty("vocab").EnumerateObject().ToDictionary(t => t.Name, t => t.Value.GetInt32(), StringComparer.Ordinal);
        CheckMergesFollowIds(path, vocabulary, model.GetProperty("merges"));
        var special = new Dictionary<string, int>(StringComparer.Ordinal);
        if (root.TryGetProperty("added_tokens", out var added))
        {
            foreach (var token in added.EnumerateArray())
            {
                special[token.GetProperty("content").GetString()!] = token.GetProperty("id").GetInt32();
            }
        }
        var preTokenizer = new RegexPreTokenizer(new Regex(SplitPattern(path, root.GetProperty("pre_tokenizer")), RegexOptions.Compiled), special);
        using var ranks = TiktokenRanks(vocabulary);
        var tokenizer = TiktokenTokenizer.Create(ranks, preTokenizer, normalizer: null, special);
        return new ByteLevelBpeTokenizer(tokenizer, special, Path.GetFileName(path));
    }

    /// <summary>
    /// The vocabulary as a tiktoken ranks file (base64 of each token's bytes, then its rank), the form
    /// <see cref="TiktokenTokenizer"/> reads.
    /// </summary>
    private static MemoryStream TiktokenRanks(Dictionary<string, int> vocabulary)
    {
        var unicodeToByte = new Dictionary<char, byte>();
        for (var b = 0; b < 256; b++)
        {
            unicodeToByte[ByteLevelVocabulary.ByteToUnicode[b]] = (byte)b;
        }
        var text = new StringBuilder();
        var bytes = new List<byte>();
        foreach (var (token, id) in vocabulary)
        {
            bytes.Clear();
            foreach (var character in token)
            {
                bytes.Add(unicodeToByte.TryGetValue(character, out var b)
                    ? b
                    : throw new InvalidDataException($"token {id} '{token}' is not in GPT-2's byte-level spelling ('{character}')."));
            }
            text.Append(Convert.ToBase64String([.. bytes])).Append(' ').Append(id).Append('\n');
        }
        return new MemoryStream(Encoding.UTF8.GetBytes(text.ToString()));
    }

    // Tiktoken merges the pair whose result has the lowest id; Hugging Face, the earliest merge. They agree where each
    // merge makes a token whose id is no lower than the ones before it, as a conversion from tiktoken writes them.
    private static void CheckMergesFollowIds(string path, Dictionary<string, int> vocabulary, JsonElement merges)
    {
        var highest = -1;
        var index = 0;
        foreach (var merge in merges.EnumerateArray())
        {
            var joined = merge.ValueKind == JsonValueKind.Array
                ? merge[0].GetString() + merge[1].GetString()
                : merge.GetString()!.Replace(" ", "", StringComparison.Ordinal);
            if (!vocabulary.TryGetValue(joined, out var id))
            {
                throw new InvalidDataException($"{path}: field 'model.merges[{index}]': makes '{joined}', which the vocabulary lacks.");
            }
            if (id < highest)
            {
                throw new InvalidDataException(
                    $"{path}: field 'model.merges[{index}]': makes id {id} after a merge made id {highest}; only a tokenizer whose merges follow its ids (tiktoken's, as Llama-3's) is read.");
            }
            highest = id;
            index++;
        }
    }

    /// <summary>The split regex of a <c>Sequence[Split(Regex, Isolated), ByteLevel(use_regex: false)]</c> pre-tokenizer, Llama-3's.</summary>
    private static string SplitPattern(string path, JsonElement preTokenizer)
    {
        var steps = preTokenizer.GetProperty("type").GetString() == "Sequence"
            ? [.. preTokenizer.GetProperty("pretokenizers").EnumerateArray()]
            : new[] { preTokenizer };
        var split = steps.FirstOrDefault(s => s.GetProperty("type").GetString() == "Split");
        var byteLevel = steps.FirstOrDefault(s => s.GetProperty("type").GetString() == "ByteLevel");
        if (steps.Length != 2 || split.ValueKind == JsonValueKind.Undefined || byteLevel.ValueKind == JsonValueKind.Undefined
            || split.GetProperty("behavior").GetString() != "Isolated" || split.GetProperty("invert").GetBoolean()
            || byteLevel.GetProperty("add_prefix_space").GetBoolean() || byteLevel.GetProperty("use_regex").GetBoolean())
        {
            throw new InvalidDataException(
                $"{path}: field 'pre_tokenizer': only a regex split (isolated) then byte-level mapping without a prefix space is read, Llama-3's pre-tokenizer.");
        }
        return split.GetProperty("pattern").GetProperty("Regex").GetString()!;
    }
}
