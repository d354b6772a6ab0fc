using System.Text.Json;
using KoJudge.Gguf.Safetensors;

namespace KoJudge.Training.Tests.Support;

/// <summary>
/// <c>peft-adapter-tiny-all-projections.json</c>: the tensor names and shapes PEFT saves for r = 4 on all seven
/// projections of the tiny checkpoint, written from PEFT's naming rules rather than by the writer under test.
/// </summary>
internal static class PeftFixture
{
    private static readonly Lazy<(int Rank, Dictionary<string, long[]> Tensors)> Contents = new(Read);

    public static int Rank => Contents.Value.Rank;

    public static void AssertHoldsExactlyItsNamesAndShapes(SafetensorsFile file)
    {
        var expected = Contents.Value.Tensors;
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), file.Tensors.Select(t => t.Name).Order(StringComparer.Ordinal));
        Assert.All(file.Tensors, t => Assert.Equal(expected[t.Name], t.Shape));
    }

    private static (int, Dictionary<string, long[]>) Read()
    {
        using var fixture = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "peft-adapter-tiny-all-projections.json")));
        var tensors = fixture.RootElement.GetProperty("tensors").EnumerateObject()
            .ToDictionary(t => t.Name, t => t.Value.EnumerateArray().Select(d => d.GetInt64()).ToArray());
        return (fixture.RootElement.GetProperty("r").GetInt32(), tensors);
    }
}
