using System.Security.Cryptography;
using KoJudge.Gguf.TestModels;
using KoJudge.TestSupport;

namespace KoJudge.Gguf.Tests.TestModels;

public sealed class TestModelWriterTests
{
    [Fact]
    public void The_same_spec_writes_the_same_bytes()
    {
        var directory = Directory.CreateTempSubdirectory("kojudge-gguf-").FullName;
        var first = Path.Combine(directory, "a.gguf");
        var second = Path.Combine(directory, "b.gguf");

        var parameters = TestModelWriter.WriteModel(first, TestModelSpec.Tiny, ByteLevelVocabulary.Tiny());
        TestModelWriter.WriteModel(second, TestModelSpec.Tiny, ByteLevelVocabulary.Tiny());

        Assert.Equal(SHA256.HashData(File.ReadAllBytes(first)), SHA256.HashData(File.ReadAllBytes(second)));
        Assert.InRange(parameters, 100_000, 120_000);
        Assert.Equal("GGUF"u8.ToArray(), File.ReadAllBytes(first)[..4]);
        Assert.Empty(Directory.GetFiles(directory, "*.partial"));
    }

    [Fact]
    public void A_different_seed_writes_different_weights()
    {
        var directory = Directory.CreateTempSubdirectory("kojudge-gguf-").FullName;
        TestModelWriter.WriteModel(Path.Combine(directory, "a.gguf"), TestModelSpec.Tiny, ByteLevelVocabulary.Tiny());
        TestModelWriter.WriteModel(Path.Combine(directory, "b.gguf"), TestModelSpec.Tiny with { Seed = 99 }, ByteLevelVocabulary.Tiny());

        Assert.NotEqual(File.ReadAllBytes(Path.Combine(directory, "a.gguf")), File.ReadAllBytes(Path.Combine(directory, "b.gguf")));
    }

    [Fact]
    public void Reads_Llama3s_real_vocabulary()
    {
        var vocabulary = ByteLevelVocabulary.FromTokenizerJson(GeneratedModels.Llama3TokenizerJson);

        Assert.Equal(128_256, vocabulary.Count);
        Assert.Equal(280_147, vocabulary.Merges.Count);
        Assert.Equal(128_000, vocabulary.BeginOfText);
        Assert.Equal(128_001, vocabulary.EndOfText);
        Assert.Equal(128_009, vocabulary.EndOfTurn);
        Assert.Equal(ByteLevelVocabulary.ControlToken, vocabulary.Types[128_009]);
        Assert.Equal(ByteLevelVocabulary.NormalToken, vocabulary.Types[1_000]);
    }

    [Fact]
    public void The_tiny_vocabulary_spells_every_byte()
    {
        var vocabulary = ByteLevelVocabulary.Tiny();

        Assert.Equal(256, vocabulary.Tokens.Take(256).Distinct().Count());
        Assert.Equal("Ġ", vocabulary.Tokens[' ']);
        Assert.All(vocabulary.Merges, merge => Assert.Equal(2, merge.Split(' ').Length));
    }
}
