using KoJudge.Gguf.Safetensors;

namespace KoJudge.Training.Tests.Support;

internal static class AdapterFiles
{
    /// <summary>The largest absolute difference between two safetensors files' F32 tensors, which must have the same names.</summary>
    public static double MaxDifference(string left, string right)
    {
        using var a = SafetensorsFile.Open(left);
        using var b = SafetensorsFile.Open(right);
        Assert.Equal(a.Tensors.Select(t => t.Name).Order(StringComparer.Ordinal), b.Tensors.Select(t => t.Name).Order(StringComparer.Ordinal));
        return a.Tensors.Max(t => a.ReadSingles(t.Name).Zip(b.ReadSingles(t.Name), (x, y) => (double)Math.Abs(x - y)).Max());
    }
}
