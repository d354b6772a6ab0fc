using System.Net;
using System.Net.Http.Headers;

namespace KoJudge.OpenAI;

/// <summary>
/// Asks a server once, before a run, whether anything answers at its address and whether it takes the key, so a wrong
/// port, a server still loading its model or a wrong key stops the run at once instead of failing every item after a
/// minute of retries.
/// </summary>
public static class EndpointProbe
{
    /// <summary>
    /// Asks <c>GET {endpoint}/models</c> with the key, as every request of the run will carry it. Any HTTP status but
    /// 401 and 403 counts as an answer: some servers serve no model list.
    /// </summary>
    public static async Task<EndpointProbeResult> ProbeAsync(Uri endpoint, string? apiKey, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var normalized = OpenAICompatibleEngine.NormalizeEndpoint(endpoint);
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(normalized.ToString().TrimEnd('/') + "/models"));
        if (!string.IsNullOrEmpty(apiKey))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        }
        using var client = new HttpClient { Timeout = timeout };
        try
        {
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            return response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden
                ? new EndpointProbeResult(normalized, EndpointStatus.KeyRefused, $"HTTP {(int)response.StatusCode}")
                : new EndpointProbeResult(normalized, EndpointStatus.Answers);
        }
        catch (HttpRequestException e)
        {
            return new EndpointProbeResult(normalized, EndpointStatus.Unreachable, e.InnerException?.Message ?? e.Message);
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new EndpointProbeResult(normalized, EndpointStatus.Unreachable, $"no answer within {timeout.TotalSeconds:0.#} s");
        }
    }
}
