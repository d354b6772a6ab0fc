namespace KoJudge.Bank;

/// <summary>
/// Ids for n-gram keys: an open-addressing table with linear probing, key and id side by side, kept at most half full.
/// </summary>
/// <remarks>
/// Written by hand because building a slot's index is a look-up per n-gram occurrence, tens of millions for a bank,
/// into tables too big for the cache: <see cref="Dictionary{TKey,TValue}"/> takes two dependent memory reads per
/// look-up (bucket, then entry), this one read.
/// </remarks>
internal sealed class NGramVocabulary
{
    private Entry[] entries = new Entry[1024];
    private int mask = 1023;

    public int Count { get; private set; }

    /// <summary>The key's id, or −1 where the key is not known.</summary>
    public int Find(long key)
    {
        for (var i = Slot(key); ; i = (i + 1) & mask)
        {
            ref var entry = ref entries[i];
            if (entry.Id == 0)
            {
                return -1;
            }
            if (entry.Key == key)
            {
                return entry.Id - 1;
            }
        }
    }

    /// <summary>The key's id, given the next free id where the key is new.</summary>
    public int FindOrAdd(long key, out bool added)
    {
        for (var i = Slot(key); ; i = (i + 1) & mask)
        {
            ref var entry = ref entries[i];
            if (entry.Id == 0)
            {
                entry.Key = key;
                entry.Id = ++Count;
                added = true;
                if (Count * 2 > entries.Length)
                {
                    Grow();
                }
                return Count - 1;
            }
            if (entry.Key == key)
            {
                added = false;
                return entry.Id - 1;
            }
        }
    }

    // Keys of up to 3 code points are raw packings: mix them so neighbouring code points spread over the table.
    private int Slot(long key) => (int)((ulong)(key * unchecked((long)0x9E3779B97F4A7C15UL)) >> 40) & mask;

    private void Grow()
    {
        var old = entries;
        entries = new Entry[old.Length * 2];
        mask = entries.Length - 1;
        foreach (var entry in old)
        {
            if (entry.Id == 0)
            {
                continue;
            }
            var i = Slot(entry.Key);
            while (entries[i].Id != 0)
            {
                i = (i + 1) & mask;
            }
            entries[i] = entry;
        }
    }

    // Id is stored plus one, so a zeroed entry is empty.
    private struct Entry
    {
        public long Key;
        public int Id;
    }
}
