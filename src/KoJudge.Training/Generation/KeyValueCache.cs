using static TorchSharp.torch;

namespace KoJudge.Training.Generation;

/// <summary>
/// The keys and values of the positions a model has read so far, one <see cref="LayerKeyValues"/> per decoder layer,
/// so generation reads each new token alone instead of the whole sequence again.
/// </summary>
public sealed class KeyValueCache : IDisposable
{
    private readonly LayerKeyValues[] layers;

    public KeyValueCache(int layers)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(layers, 1);
        this.layers = [.. Enumerable.Range(0, layers).Select(_ => new LayerKeyValues())];
    }

    /// <summary>Positions cached, the position the next token read will have.</summary>
    public long Length { get; private set; }

    public LayerKeyValues Layer(int index) => layers[index];

    /// <summary>Called once every layer has appended the <paramref name="positions"/> just read.</summary>
    internal void Advance(long positions) => Length += positions;

    public void Dispose()
    {
        foreach (var layer in layers)
        {
            layer.Dispose();
        }
    }
}
