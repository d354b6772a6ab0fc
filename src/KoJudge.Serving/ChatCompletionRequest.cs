using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace KoJudge.Serving;

/// <summary>
/// The parts of an OpenAI chat-completions request a judge server honours: messages, the token limit
/// (<c>max_tokens</c> or <c>max_completion_tokens</c>), temperature, top_p, seed, stop, logprobs and stream.
/// Every field OpenAI defines that it reads is checked against OpenAI's types and ranges, and what it cannot serve
/// (n above 1, tools, non-text content) is refused rather than dropped: a request it cannot read gets an OpenAI-style
/// 400 naming the field. Fields OpenAI does not define are ignored, as OpenAI ignores them.
/// </summary>
public sealed record ChatCompletionRequest(IReadOnlyList<ChatMessage> Messages, ChatOptions Options, bool Stream, string? Model)
{
    private const int MaxStopSequences = 4;
    private const int MaxTopLogprobs = 20;
    private const string ContentForms = "a string or an array of text parts";
    private static readonly string[] Roles = ["system", "user", "assistant", "developer"];
    private static readonly string RoleNames = $"one of {string.Join(", ", Roles)}";

    /// <summary>How many alternatives per token the client asked for, or null where it asked for no log-probabilities.</summary>
    public int? TopLogprobs { get; init; }

    public static ChatCompletionRequest Parse(JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            throw new BadRequestException(null, $"the body must be a JSON object, not {RequestFields.Describe(body)}");
        }
        var fields = new RequestFields(body);
        var messages = ReadMessages(fields);
        // One choice per request: a client asking for several would otherwise read one and think it had them all.
        fields.WholeNumber("n", 1, 1, "1 (only n=1 is served)");
        RefuseTools(fields, "tools", "functions");
        var maxCompletionTokens = PositiveInt(fields, "max_completion_tokens");
        var maxTokens = PositiveInt(fields, "max_tokens");
        var options = new ChatOptions
        {
            MaxOutputTokens = maxCompletionTokens ?? maxTokens,
            Temperature = (float?)fields.Number("temperature", 0, 2),
            TopP = (float?)fields.Number("top_p", 0, 1),
            Seed = fields.WholeNumber("seed", long.MinValue, long.MaxValue, "a whole number within 64 bits"),
            StopSequences = Stops(fields),
        };
        var stream = fields.Boolean("stream") ?? false;
        var model = fields.String("model");
        var logprobs = fields.Boolean("logprobs") ?? false;
        var top = (int?)fields.WholeNumber("top_logprobs", 0, MaxTopLogprobs, $"a whole number from 0 to {MaxTopLogprobs}");
        if (top is not null && !logprobs)
        {
            throw fields.Fail("top_logprobs", "needs \"logprobs\": true");
        }
        if (logprobs)
        {
            top ??= 0;
            // The engine reads the chosen token's own log-probability with its alternatives: ask for at least one.
            (options.AdditionalProperties ??= [])[KoJudge.Judging.TokenLogprobsContent.TopLogprobsOption] = Math.Max(1, top.Value);
        }
        return new ChatCompletionRequest(messages, options, stream, model) { TopLogprobs = top };
    }

    private static List<ChatMessage> ReadMessages(RequestFields body)
    {
        if (body.Optional("messages") is not { ValueKind: JsonValueKind.Array } messages || messages.GetArrayLength() == 0)
        {
            throw body.Expected("messages", "a non-empty array of messages");
        }
        var parsed = new List<ChatMessage>();
        foreach (var message in RequestFields.Objects(messages, "messages", "an object with a role and content"))
        {
            var role = Role(message);
            _ = message.String("name");
            parsed.Add(new ChatMessage(new ChatRole(role), Content(message, role)));
        }
        return parsed;
    }

    private static string Role(RequestFields message)
    {
        var role = message.String("role") ?? throw message.Expected("role", RoleNames);
        if (role is "tool" or "function")
        {
            throw message.Fail("role", $"cannot be \"{role}\": this server does not call tools");
        }
        if (!Roles.Contains(role, StringComparer.Ordinal))
        {
            throw message.Expected("role", RoleNames);
        }
        RefuseTools(message, "tool_calls", "function_call");
        return role;
    }

    // Content is a string or an array of text parts. Only an assistant's turn may go without it, as in OpenAI's API.
    private static string Content(RequestFields message, string role)
    {
        var path = message.PathOf("content");
        if (message.Optional("content") is not { } content)
        {
            return role == "assistant" ? "" : throw message.Expected("content", ContentForms);
        }
        if (content.ValueKind == JsonValueKind.String)
        {
            return RequestFields.Text(content, path);
        }
        if (content.ValueKind != JsonValueKind.Array)
        {
            throw message.Expected("content", ContentForms);
        }
        var text = new StringBuilder();
        foreach (var part in RequestFields.Objects(content, path, "a text part ({\"type\": \"text\", \"text\": ...})"))
        {
            // An image or audio part dropped in silence would have the model judge a conversation the client never sent.
            if (part.String("type") is not "text")
            {
                throw part.Expected("type", "\"text\" (this server reads text only)");
            }
            text.Append(part.String("text") ?? throw part.Expected("text", "a string"));
        }
        return text.ToString();
    }

    private static int? PositiveInt(RequestFields body, string name) => (int?)body.WholeNumber(name, 1, int.MaxValue, "a positive whole number");

    private static List<string>? Stops(RequestFields body)
    {
        if (body.Optional("stop") is not { } stop)
        {
            return null;
        }
        if (stop.ValueKind == JsonValueKind.String)
        {
            return [RequestFields.Text(stop, "stop")];
        }
        if (stop.ValueKind != JsonValueKind.Array || stop.GetArrayLength() > MaxStopSequences)
        {
            throw body.Expected("stop", $"a string or an array of up to {MaxStopSequences} strings");
        }
        return stop.EnumerateArray().Select((s, i) => RequestFields.Text(s, $"stop[{i}]")).ToList();
    }

    // A client that offers tools, or replays a turn that called one, expects calls this server never makes.
    private static void RefuseTools(RequestFields fields, params string[] names)
    {
        foreach (var name in names)
        {
            if (fields.Optional(name) is { } value && !(value.ValueKind == JsonValueKind.Array && value.GetArrayLength() == 0))
            {
                throw fields.Fail(name, "cannot be served: this server does not call tools");
            }
        }
    }
}
