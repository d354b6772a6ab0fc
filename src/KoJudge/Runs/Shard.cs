using System.Globalization;
using System.Text;

namespace KoJudge.Runs;

/// <summary>
/// One of n deterministic slices of the items, <c>--shard i/n</c> with i from 1 to n: an item belongs to the shard its
/// id's hash falls in, so every run of the same shard takes the same items whatever their order.
/// </summary>
public sealed record Shard(int Index, int Count)
{
    public static Shard All { get; } = new(1, 1);

    public static bool TryParse(string text, out Shard shard)
    {
        shard = All;
        var parts = (text ?? "").Split('/');
        if (parts.Length == 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var index)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var count)
            && count >= 1 && index >= 1 && index <= count)
        {
            shard = new Shard(index, count);
            return true;
        }
        return false;
    }

    public bool Contains(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        if (Count == 1)
        {
            return true;
        }
        var hash = 14695981039346656037UL; // FNV-1a over the id's UTF-8 bytes: stable across runs and platforms.
        foreach (var b in Encoding.UTF8.GetBytes(id))
        {
            hash = (hash ^ b) * 1099511628211UL;
        }
        return (int)(hash % (ulong)Count) == Index - 1;
    }

    public override string ToString() => $"{Index}/{Count}";
}
