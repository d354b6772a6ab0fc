using System.Text.Json;
using Microsoft.Extensions.AI;

namespace KoJudge.Serving;

/// <summary>
/// The parts of an OpenAI chat-completions request a judge server honours: messages, the token limit
/// (<c>max_tokens</c> or <c>max_completion_tokens</c>), temperature, seed, stop and stream. A request it cannot read
/// gets an OpenAI-style 400 naming the field.
/// </summary>
public sealed record ChatCompletionRequest(IReadOnlyList<ChatMessage> Messages, ChatOptions Options, bool Stream, string? Model)
{
    /// <summary>How many alternatives per token the client asked for, or null where it asked for no log-probabilities.</summary>
    public int? TopLogprobs { get; init; }

    public static ChatCompletionRequest Parse(JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            throw new BadRequestException(null, "the body must be a JSON object");
        }
        if (!body.TryGetProperty("messages", out var messages) || messages.ValueKind != JsonValueKind.Array || messages.GetArrayLength() == 0)
        {
            throw new BadRequestException("messages", "must be a non-empty array");
        }
        var parsed = new List<ChatMessage>();
        var index = 0;
        foreach (var message in messages.EnumerateArray())
        {
            var role = message.TryGetProperty("role", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString()! : throw new BadRequestException($"messages[{index}].role", "must be a string");
            parsed.Add(new ChatMessage(new ChatRole(role), Content(message, index)));
            index++;
        }
        var options = new ChatOptions
        {
            MaxOutputTokens = Int(body, "max_completion_tokens") ?? Int(body, "max_tokens"),
            Temperature = body.TryGetProperty("temperature", out var t) && t.ValueKind == JsonValueKind.Number ? t.GetSingle() : null,
            Seed = body.TryGetProperty("seed", out var s) && s.ValueKind == JsonValueKind.Number ? s.GetInt64() : null,
            StopSequences = Stops(body),
        };
        var stream = body.TryGetProperty("stream", out var st) && st.ValueKind == JsonValueKind.True;
        var model = body.TryGetProperty("model", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
        int? top = null;
        if (body.TryGetProperty("logprobs", out var lp) && lp.ValueKind == JsonValueKind.True)
        {
            top = body.TryGetProperty("top_logprobs", out var t2) && t2.ValueKind == JsonValueKind.Number && t2.TryGetInt32(out var n) && n is >= 0 and <= 20
                ? n
                : body.TryGetProperty("top_logprobs", out var bad) && bad.ValueKind != JsonValueKind.Null ? throw new BadRequestException("top_logprobs", "must be a whole number from 0 to 20") : 0;
            // The engine reads the chosen token's own log-probability with its alternatives: ask for at least one.
            (options.AdditionalProperties ??= [])[KoJudge.Judging.TokenLogprobsContent.TopLogprobsOption] = Math.Max(1, top.Value);
        }
        return new ChatCompletionRequest(parsed, options, stream, model) { TopLogprobs = top };
    }

    // Content is a string, or an array of parts of which the text parts count.
    private static string Content(JsonElement message, int index)
    {
        if (!message.TryGetProperty("content", out var content) || content.ValueKind == JsonValueKind.Null)
        {
            return "";
        }
        return content.ValueKind switch
        {
            JsonValueKind.String => content.GetString()!,
            JsonValueKind.Array => string.Concat(content.EnumerateArray()
                .Where(p => p.TryGetProperty("type", out var type) && type.GetString() == "text")
                .Select(p => p.GetProperty("text").GetString())),
            _ => throw new BadRequestException($"messages[{index}].content", "must be a string or an array of text parts"),
        };
    }

    private static int? Int(JsonElement body, string name) =>
        !body.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null ? null
        : value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number) && number > 0 ? number
        : throw new BadRequestException(name, "must be a positive whole number");

    private static List<string>? Stops(JsonElement body) =>
        !body.TryGetProperty("stop", out var stop) || stop.ValueKind == JsonValueKind.Null ? null
        : stop.ValueKind == JsonValueKind.String ? [stop.GetString()!]
        : stop.ValueKind == JsonValueKind.Array ? stop.EnumerateArray().Select(s => s.GetString() ?? "").ToList()
        : throw new BadRequestException("stop", "must be a string or an array of strings");
}
