using KoJudge.Gguf.Safetensors;

namespace KoJudge.Gguf.Tests.Safetensors;

public sealed class SafetensorsCheckpointTests
{
    [Fact]
    public void A_sharded_checkpoint_reads_each_tensor_from_the_shard_its_index_names()
    {
        var directory = RawSafetensors.NewDirectory();
        new SafetensorsWriter()
            .Add("a", SafetensorsDtype.F32, [2], [1f, 2f])
            .Add("b", SafetensorsDtype.BF16, [1, 2], [3f, 4f])
            .Write(Path.Combine(directory, "model-00001-of-00002.safetensors"));
        new SafetensorsWriter()
            .Add("c", SafetensorsDtype.F16, [3], [5f, 6f, 7f])
            // A tensor the index does not name stays unread: the index, not the shard, says what the checkpoint is.
            .Add("stray", SafetensorsDtype.F32, [1], [9f])
            .Write(Path.Combine(directory, "model-00002-of-00002.safetensors"));
        File.WriteAllText(Path.Combine(directory, SafetensorsCheckpoint.IndexFileName),
            """{"metadata":{"total_size":18},"weight_map":{"c":"model-00002-of-00002.safetensors","a":"model-00001-of-00002.safetensors","b":"model-00001-of-00002.safetensors"}}""");

        using var checkpoint = SafetensorsCheckpoint.Open(directory);

        Assert.Equal(["c", "a", "b"], checkpoint.Tensors.Select(t => t.Name));
        Assert.Equal(2, checkpoint.Files.Count);
        Assert.EndsWith("model-00002-of-00002.safetensors", checkpoint["c"].File, StringComparison.Ordinal);
        Assert.EndsWith("model-00001-of-00002.safetensors", checkpoint["b"].File, StringComparison.Ordinal);
        Assert.Equal([1f, 2f], checkpoint.ReadSingles("a"));
        Assert.Equal([3f, 4f], checkpoint.ReadSingles("b"));
        Assert.Equal([5f, 6f, 7f], checkpoint.ReadSingles("c"));
        Assert.False(checkpoint.Contains("stray"));
    }

    [Fact]
    public void A_single_file_checkpoint_needs_no_index()
    {
        var directory = RawSafetensors.NewDirectory();
        new SafetensorsWriter().Add("w", SafetensorsDtype.F16, [2, 2], [1f, -1f, 0.5f, 2f]).Write(Path.Combine(directory, SafetensorsCheckpoint.SingleFileName));

        using var checkpoint = SafetensorsCheckpoint.Open(directory);

        Assert.Equal([1f, -1f, 0.5f, 2f], checkpoint.ReadSingles("w"));
        Assert.Single(checkpoint.Files);
    }

    [Theory]
    [InlineData("missing-shard", "weight_map.w", "names shard model-00002-of-00002.safetensors, which is not in the folder")]
    [InlineData("wrong-shard", "weight_map.w", "names shard model-00001-of-00002.safetensors, which has no such tensor")]
    [InlineData("escaping-shard", "weight_map.w", "names shard ../model-00001-of-00002.safetensors, which is not in the folder")]
    [InlineData("no-weight-map", "weight_map", "is missing or not an object")]
    [InlineData("not-json", "index", "is not JSON")]
    public void A_bad_index_is_one_line_naming_the_index_and_the_entry(string kind, string subject, string problem)
    {
        var directory = RawSafetensors.NewDirectory();
        new SafetensorsWriter().Add("v", SafetensorsDtype.F32, [1], [1f]).Write(Path.Combine(directory, "model-00001-of-00002.safetensors"));
        var index = Path.Combine(directory, SafetensorsCheckpoint.IndexFileName);
        File.WriteAllText(index, kind switch
        {
            "missing-shard" => """{"weight_map":{"v":"model-00001-of-00002.safetensors","w":"model-00002-of-00002.safetensors"}}""",
            "wrong-shard" => """{"weight_map":{"v":"model-00001-of-00002.safetensors","w":"model-00001-of-00002.safetensors"}}""",
            "escaping-shard" => """{"weight_map":{"w":"../model-00001-of-00002.safetensors"}}""",
            "no-weight-map" => """{"metadata":{}}""",
            "not-json" => """{"weight_map":""",
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        });

        var error = Assert.Throws<SafetensorsFormatException>(() => SafetensorsCheckpoint.Open(directory));

        Assert.Equal(index, error.File);
        Assert.Equal(subject, error.Subject);
        Assert.Contains(problem, error.Problem, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void A_folder_without_weights_says_which_files_it_looked_for()
    {
        var directory = RawSafetensors.NewDirectory();

        var error = Assert.Throws<SafetensorsFormatException>(() => SafetensorsCheckpoint.Open(directory));

        Assert.Equal($"{directory}: weights: has neither model.safetensors nor model.safetensors.index.json", error.Message);
    }

    [Fact]
    public void A_bad_shard_is_named_by_the_shard_file()
    {
        var directory = RawSafetensors.NewDirectory();
        var shard = RawSafetensors.Write(directory, "model-00001-of-00001.safetensors", """{"w":{"dtype":"F8_E4M3","shape":[1],"data_offsets":[0,1]}}""", [0]);
        File.WriteAllText(Path.Combine(directory, SafetensorsCheckpoint.IndexFileName), """{"weight_map":{"w":"model-00001-of-00001.safetensors"}}""");

        var error = Assert.Throws<SafetensorsFormatException>(() => SafetensorsCheckpoint.Open(directory));

        Assert.Equal(shard, error.File);
        Assert.Equal("tensor 'w'", error.Subject);
        Assert.Contains("dtype F8_E4M3 is not read", error.Problem, StringComparison.Ordinal);
    }
}
