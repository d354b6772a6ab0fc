using Microsoft.Extensions.AI;

namespace KoJudge.Judging;

/// <summary>
/// Marks a reply a response cache answered rather than the engine, so a run can count the items that cost nothing.
/// The mark lives in the reply's additional properties and is set after the cache read, so it is never stored.
/// </summary>
public static class CachedReply
{
    private const string Property = "kojudge_from_cache";

    public static ChatResponse Mark(ChatResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        (response.AdditionalProperties ??= [])[Property] = true;
        return response;
    }

    public static bool IsFromCache(ChatResponse response) =>
        response?.AdditionalProperties?.TryGetValue(Property, out bool marked) == true && marked;
}
