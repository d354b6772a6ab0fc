using Microsoft.Extensions.AI;

namespace KoJudge.OpenAI;

/// <summary>
/// Spreads requests over several endpoints serving the same model, such as vLLM replicas: each request goes to the
/// least busy endpoint that is not set aside. An endpoint that fails <see cref="FailuresToSetAside"/> times in a row is
/// set aside for <see cref="SetAsideFor"/>, then tried again; a failed request moves on to the next endpoint.
/// </summary>
public sealed class EndpointRouter : IChatClient
{
    private readonly Endpoint[] endpoints;
    private readonly TimeProvider clock;

    public EndpointRouter(IReadOnlyList<IChatClient> clients, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(clients);
        if (clients.Count == 0)
        {
            throw new ArgumentException("At least one endpoint is needed.", nameof(clients));
        }
        endpoints = clients.Select((c, i) => new Endpoint(c, i)).ToArray();
        this.clock = clock ?? TimeProvider.System;
    }

    public int FailuresToSetAside { get; init; } = 3;

    public TimeSpan SetAsideFor { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Requests each endpoint has been sent, in endpoint order.</summary>
    public IReadOnlyList<long> Sent => endpoints.Select(e => Interlocked.Read(ref e.Sent)).ToArray();

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var tried = new HashSet<int>();
        while (true)
        {
            var endpoint = Choose(tried);
            tried.Add(endpoint.Index);
            Interlocked.Increment(ref endpoint.InFlight);
            Interlocked.Increment(ref endpoint.Sent);
            try
            {
                var response = await endpoint.Client.GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
                Interlocked.Exchange(ref endpoint.ConsecutiveFailures, 0);
                return response;
            }
            catch (Exception) when (!cancellationToken.IsCancellationRequested && tried.Count < endpoints.Length)
            {
                Fail(endpoint);
            }
            catch (Exception) when (!cancellationToken.IsCancellationRequested)
            {
                Fail(endpoint);
                throw;
            }
            finally
            {
                Interlocked.Decrement(ref endpoint.InFlight);
            }
        }
    }

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        Choose([]).Client.GetStreamingResponseAsync(messages, options, cancellationToken);

    public object? GetService(Type serviceType, object? serviceKey = null) => endpoints[0].Client.GetService(serviceType, serviceKey);

    public void Dispose()
    {
        foreach (var endpoint in endpoints)
        {
            endpoint.Client.Dispose();
        }
    }

    private Endpoint Choose(HashSet<int> tried)
    {
        var now = clock.GetUtcNow();
        var candidates = endpoints.Where(e => !tried.Contains(e.Index)).ToList();
        var healthy = candidates.Where(e => Interlocked.Read(ref e.SetAsideUntilTicks) <= now.UtcTicks).ToList();
        // With every endpoint set aside, the one that comes back first is tried: work never stops altogether.
        return healthy.Count > 0
            ? healthy.MinBy(e => Interlocked.Read(ref e.InFlight))!
            : candidates.MinBy(e => Interlocked.Read(ref e.SetAsideUntilTicks))!;
    }

    private void Fail(Endpoint endpoint)
    {
        if (Interlocked.Increment(ref endpoint.ConsecutiveFailures) >= FailuresToSetAside)
        {
            Interlocked.Exchange(ref endpoint.SetAsideUntilTicks, (clock.GetUtcNow() + SetAsideFor).UtcTicks);
            Interlocked.Exchange(ref endpoint.ConsecutiveFailures, 0);
        }
    }

    private sealed class Endpoint(IChatClient client, int index)
    {
        public IChatClient Client { get; } = client;

        public int Index { get; } = index;

        public long InFlight;

        public long Sent;

        public int ConsecutiveFailures;

        // Ticks rather than a DateTimeOffset, so threads read and write it whole.
        public long SetAsideUntilTicks;
    }
}
