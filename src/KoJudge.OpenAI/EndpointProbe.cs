namespace KoJudge.OpenAI;

/// <summary>
/// Asks a server once, before a run, whether anything answers at its address, so a wrong port or a server still
/// loading its model stops the run at once instead of failing every item after a minute of retries.
/// </summary>
public static class EndpointProbe
{
    /// <summary>
    /// Null when the server answers <c>GET {endpoint}/models</c> with any HTTP status (some servers serve no model list,
    /// and a missing key shows itself on the first request anyway); otherwise why nothing answered.
    /// </summary>
    public static async Task<string?> UnreachableReasonAsync(Uri endpoint, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var models = new Uri(OpenAICompatibleEngine.NormalizeEndpoint(endpoint).ToString().TrimEnd('/') + "/models");
        using var client = new HttpClient { Timeout = timeout };
        try
        {
            using var response = await client.GetAsync(models, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            return null;
        }
        catch (HttpRequestException e)
        {
            return e.InnerException?.Message ?? e.Message;
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return $"no answer within {timeout.TotalSeconds:0.#} s";
        }
    }
}
