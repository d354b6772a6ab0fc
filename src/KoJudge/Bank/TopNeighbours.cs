namespace KoJudge.Bank;

/// <summary>The k most similar members seen so far, best first; ties keep the earlier member.</summary>
internal sealed class TopNeighbours(int capacity)
{
    private readonly int[] indices = new int[capacity];
    private readonly float[] similarities = new float[capacity];
    private int count;

    public void Offer(int index, float similarity)
    {
        if (count == capacity && similarity <= similarities[count - 1])
        {
            return;
        }
        var position = count < capacity ? count++ : count - 1;
        while (position > 0 && similarities[position - 1] < similarity)
        {
            indices[position] = indices[position - 1];
            similarities[position] = similarities[position - 1];
            position--;
        }
        indices[position] = index;
        similarities[position] = similarity;
    }

    public int Index(int rank) => indices[rank];

    public float Similarity(int rank) => similarities[rank];

    public float MeanGold(float[] gold)
    {
        float sum = 0;
        for (var i = 0; i < count; i++)
        {
            sum += gold[indices[i]];
        }
        return sum / count;
    }

    public IReadOnlyList<int> Indices() => indices[..count];
}
