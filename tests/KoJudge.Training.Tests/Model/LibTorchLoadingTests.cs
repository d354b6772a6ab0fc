using static TorchSharp.torch;

namespace KoJudge.Training.Tests.Model;

public sealed class LibTorchLoadingTests
{
    [Fact]
    public void LibTorch_loads_and_multiplies()
    {
        // On Debian 12 this fails to load libLibTorchSharp.so unless the build weakened its GLIBCXX_3.4.32 requirement.
        using var a = tensor(new float[] { 1, 2, 3, 4 }).reshape(2, 2);
        using var product = matmul(a, a);
        Assert.Equal(new float[] { 7, 10, 15, 22 }, product.data<float>().ToArray());
    }
}
