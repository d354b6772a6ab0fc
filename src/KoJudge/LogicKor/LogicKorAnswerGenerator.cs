using KoJudge.Judging;
using Microsoft.Extensions.AI;

namespace KoJudge.LogicKor;

/// <summary>
/// LogicKor's answer generation: turn 1 after the strategy's messages, then turn 2 with the turn-1 exchange in the
/// conversation. Greedy by default, stopping on the end-of-turn markers LogicKor's generator stops on; outputs are
/// stripped. Only the first two turns are answered, as LogicKor does.
/// </summary>
public sealed class LogicKorAnswerGenerator(IChatClient chatClient, IReadOnlyList<(string Role, string Content)> strategy, int maxOutputTokens = 4096, int retries = 2)
{
    /// <summary>The stop markers of LogicKor's generator, for the chat formats it supports.</summary>
    public static readonly IReadOnlyList<string> StopSequences =
        ["<|endoftext|>", "[INST]", "[/INST]", "<|im_end|>", "<|end|>", "<|eot_id|>", "<end_of_turn>", "<eos>"];

    public async ValueTask<LogicKorRecord> GenerateAsync(LogicKorRecord question, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(question);
        var messages = strategy.Select(m => new ChatMessage(new ChatRole(m.Role), m.Content)).ToList();
        var outputs = new List<string>();
        foreach (var turn in question.Questions.Take(2))
        {
            messages.Add(new ChatMessage(ChatRole.User, turn));
            string? answer = null;
            string? failure = null;
            var kind = ErrorKind.EngineError;
            var attempts = 0;
            while (answer is null && attempts <= retries)
            {
                attempts++;
                try
                {
                    var response = await chatClient.GetResponseAsync(messages, Options(), cancellationToken).ConfigureAwait(false);
                    answer = response.Text.Trim();
                }
                catch (Exception e) when (!cancellationToken.IsCancellationRequested)
                {
                    failure = e.Message;
                    if (e is EngineRefusalException refusal)
                    {
                        // Asking again cannot mend a refusal (a prompt too long, a bad key).
                        kind = refusal.Kind;
                        break;
                    }
                }
            }
            if (answer is null)
            {
                return question with { Outputs = null, Error = $"turn {outputs.Count + 1}: engine error after {attempts} attempt{(attempts == 1 ? "" : "s")}: {failure}", ErrorKind = kind };
            }
            outputs.Add(answer);
            messages.Add(new ChatMessage(ChatRole.Assistant, answer));
        }
        return question with { Outputs = outputs, SingleTurn = null, MultiTurn = null };
    }

    private ChatOptions Options() => new() { Temperature = 0, MaxOutputTokens = maxOutputTokens, StopSequences = [.. StopSequences] };
}
