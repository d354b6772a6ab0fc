using System.Text.Json;

namespace KoJudge.Gguf;

/// <summary>
/// A GPT-2-style byte-level BPE vocabulary with Llama-3's control tokens, as llama.cpp's <c>gpt2</c>/<c>llama-bpe</c>
/// tokenizer reads it from GGUF: token strings in GPT-2's byte-to-unicode spelling, their types, and the merges in rank order.
/// </summary>
public sealed class ByteLevelVocabulary
{
    public const int NormalToken = 1;

    private readonly Dictionary<string, int> idOf;
    public const int ControlToken = 3;

    /// <summary>An added token that is not special: llama.cpp matches it whole, as Hugging Face does.</summary>
    public const int UserDefinedToken = 4;

    /// <summary>An id the model's vocabulary size has beyond its tokenizer's tokens, as llama.cpp's converter pads them.</summary>
    public const int UnusedToken = 5;

    private ByteLevelVocabulary(IReadOnlyList<string> tokens, IReadOnlyList<int> types, IReadOnlyList<string> merges, string name)
    {
        Tokens = tokens;
        Types = types;
        Merges = merges;
        Name = name;
        idOf = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var id = 0; id < tokens.Count; id++)
        {
            idOf.TryAdd(tokens[id], id);
        }
        int Control(string token) => idOf.TryGetValue(token, out var id)
            ? id
            : throw new InvalidDataException($"The vocabulary {name} lacks the Llama-3 control token {token}.");
        BeginOfText = Control("<|begin_of_text|>");
        EndOfText = Control("<|end_of_text|>");
        EndOfTurn = Control("<|eot_id|>");
    }

    public IReadOnlyList<string> Tokens { get; }

    public IReadOnlyList<int> Types { get; }

    public IReadOnlyList<string> Merges { get; }

    /// <summary>Where the vocabulary came from, for messages.</summary>
    public string Name { get; }

    public int BeginOfText { get; }

    public int EndOfText { get; }

    public int EndOfTurn { get; }

    public int Count => Tokens.Count;

    /// <summary>
    /// The 256 byte tokens (id = byte value), a few dozen merges of common ASCII pairs, and Llama-3's control tokens:
    /// every text tokenizes, and the model stays tiny.
    /// </summary>
    public static ByteLevelVocabulary Tiny()
    {
        var tokens = Enumerable.Range(0, 256).Select(b => ByteToUnicode[b].ToString()).ToList();
        var types = Enumerable.Repeat(NormalToken, 256).ToList();
        var merges = new List<string>();
        foreach (var (left, right) in TinyMerges)
        {
            var leftToken = Spell(left);
            var rightToken = Spell(right);
            merges.Add($"{leftToken} {rightToken}");
            tokens.Add(leftToken + rightToken);
            types.Add(NormalToken);
        }
        foreach (var control in new[] { "<|begin_of_text|>", "<|end_of_text|>", "<|start_header_id|>", "<|end_header_id|>", "<|eot_id|>" })
        {
            tokens.Add(control);
            types.Add(ControlToken);
        }
        return new ByteLevelVocabulary(tokens, types, merges, "tiny byte-level");
    }

    /// <summary>
    /// Reads a Hugging Face <c>tokenizer.json</c> with a BPE model, such as Llama-3's: the vocabulary by id,
    /// the added tokens (special ones as control tokens), and the merges, written either as "a b" or as ["a", "b"].
    /// </summary>
    /// <exception cref="Datasets.InputFormatException">The file is not JSON.</exception>
    /// <exception cref="InvalidDataException">The JSON is not a BPE tokenizer's.</exception>
    public static ByteLevelVocabulary FromTokenizerJson(string path)
    {
        using var json = Datasets.JsonRow.ParseFile(path, File.ReadAllBytes(path));
        return FromTokenizerJson(path, json);
    }

    /// <summary>The same from <paramref name="path"/>'s document already parsed, for a reader that wants other fields of it too.</summary>
    internal static ByteLevelVocabulary FromTokenizerJson(string path, JsonDocument json)
    {
        try
        {
            return ReadTokenizerJson(path, json);
        }
        catch (Exception e) when (e is KeyNotFoundException or InvalidOperationException or IndexOutOfRangeException or FormatException)
        {
            // A missing field or one of another kind, as JsonElement reports it.
            throw new InvalidDataException($"{path}: not a Hugging Face tokenizer.json ({e.Message.TrimEnd('.')})", e);
        }
    }

    private static ByteLevelVocabulary ReadTokenizerJson(string path, JsonDocument json)
    {
        var model = json.RootElement.GetProperty("model");
        if (model.GetProperty("type").GetString() != "BPE")
        {
            throw new InvalidDataException($"{path}: field 'model.type': only BPE tokenizers can be written as a gpt2 GGUF vocabulary.");
        }
        var byId = new SortedDictionary<int, (string Token, int Type)>();
        foreach (var entry in model.GetProperty("vocab").EnumerateObject())
        {
            byId[entry.Value.GetInt32()] = (entry.Name, NormalToken);
        }
        if (json.RootElement.TryGetProperty("added_tokens", out var added))
        {
            foreach (var token in added.EnumerateArray())
            {
                var special = token.TryGetProperty("special", out var s) && s.GetBoolean();
                byId[token.GetProperty("id").GetInt32()] = (token.GetProperty("content").GetString()!, special ? ControlToken : UserDefinedToken);
            }
        }
        var expected = 0;
        foreach (var id in byId.Keys)
        {
            if (id != expected++)
            {
                throw new InvalidDataException($"{path}: token ids are not contiguous: id {expected - 1} is missing.");
            }
        }
        var merges = model.GetProperty("merges").EnumerateArray()
            .Select(m => m.ValueKind == JsonValueKind.Array ? $"{m[0].GetString()} {m[1].GetString()}" : m.GetString()!)
            .ToList();
        return new ByteLevelVocabulary(
            byId.Values.Select(v => v.Token).ToList(),
            byId.Values.Select(v => v.Type).ToList(),
            merges,
            Path.GetFileName(path));
    }

    /// <summary>
    /// This vocabulary padded with <c>[PADn]</c> tokens to <paramref name="count"/> ids, for a model whose embedding has
    /// more rows than its tokenizer has tokens (llama.cpp needs a token for every row).
    /// </summary>
    public ByteLevelVocabulary PaddedTo(int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, Count);
        if (count == Count)
        {
            return this;
        }
        var padding = Enumerable.Range(Count, count - Count).Select(id => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"[PAD{id}]"));
        return new ByteLevelVocabulary([.. Tokens, .. padding], [.. Types, .. Enumerable.Repeat(UnusedToken, count - Count)], Merges, Name);
    }

    /// <summary>The id of <paramref name="token"/>, or null when the vocabulary lacks it.</summary>
    public int? IdOf(string token) => idOf.TryGetValue(token, out var id) ? id : null;

    /// <summary>GPT-2's reversible byte-to-character map, which spells every byte as a printable character.</summary>
    public static readonly IReadOnlyList<char> ByteToUnicode = BuildByteToUnicode();

    private static char[] BuildByteToUnicode()
    {
        var printable = Enumerable.Range('!', '~' - '!' + 1)
            .Concat(Enumerable.Range('¡', '¬' - '¡' + 1))
            .Concat(Enumerable.Range('®', 'ÿ' - '®' + 1))
            .ToHashSet();
        var map = new char[256];
        var next = 0;
        for (var b = 0; b < 256; b++)
        {
            map[b] = printable.Contains(b) ? (char)b : (char)(256 + next++);
        }
        return map;
    }

    private static string Spell(string text) => string.Concat(System.Text.Encoding.UTF8.GetBytes(text).Select(b => ByteToUnicode[b]));

    // Each merge joins two tokens that exist by then: bytes, or the results of earlier merges.
    private static readonly (string Left, string Right)[] TinyMerges =
    [
        (" ", "t"), ("h", "e"), ("i", "n"), (" ", "a"), ("e", "r"), ("o", "n"), ("r", "e"), (" ", "s"),
        ("a", "t"), ("e", "n"), (" ", "o"), ("o", "r"), (" ", "c"), ("e", "s"), ("a", "n"), ("i", "s"),
        (" t", "he"), (" ", "i"), ("a", "l"), ("i", "on"), ("R", "E"), ("S", "U"), ("L", "T"), ("RE", "SU"),
        ("RESU", "LT"), ("#", "#"), ("##", "#"), ("S", "c"), ("Sc", "or"), ("Scor", "e"), ("\n", "\n"), (" ", "r"),
    ];
}
