namespace KoJudge.OpenAI;

/// <summary>What an endpoint's probe found, before any item is sent to it.</summary>
public enum EndpointStatus
{
    /// <summary>The server answered, whatever its status (some servers serve no model list).</summary>
    Answers,

    /// <summary>Nothing answered: a wrong address or port, a server still starting, a timeout.</summary>
    Unreachable,

    /// <summary>The server refused the key (HTTP 401 or 403); every request would be refused the same way.</summary>
    KeyRefused,
}
