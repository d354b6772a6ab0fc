using static TorchSharp.torch;

namespace KoJudge.Training.Generation;

/// <summary>One layer's cached keys and values, <c>[batch, kv_heads, positions, head_dim]</c>, before GQA repeats them.</summary>
public sealed class LayerKeyValues : IDisposable
{
    private Tensor? keys;
    private Tensor? values;

    public bool IsEmpty => keys is null;

    /// <summary>Adds the new positions' keys and values and returns all of them; the cache owns what it returns.</summary>
    internal (Tensor Keys, Tensor Values) Append(Tensor newKeys, Tensor newValues)
    {
        var (allKeys, allValues) = keys is null ? (newKeys.clone(), newValues.clone()) : (cat([keys, newKeys], 2), cat([values!, newValues], 2));
        keys?.Dispose();
        values?.Dispose();
        // Out of every dispose scope: the caller's scope ends with this forward pass, and the cache outlives it.
        (keys, values) = (allKeys.DetachFromDisposeScope(), allValues.DetachFromDisposeScope());
        return (keys, values);
    }

    public void Dispose()
    {
        keys?.Dispose();
        values?.Dispose();
    }
}
