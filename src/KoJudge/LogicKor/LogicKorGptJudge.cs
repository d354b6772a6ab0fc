using KoJudge.Judging;
using Microsoft.Extensions.AI;

namespace KoJudge.LogicKor;

/// <summary>
/// LogicKor v2's GPT-4 judge over any <see cref="IChatClient"/>: its system prompt, the user message of
/// <see cref="LogicKorJudgeRequest"/>, temperature 0, both turns. A reply without a score is asked for again
/// (sampling, with a new seed) and, after the last retry, recorded as failed with the reason.
/// </summary>
public sealed class LogicKorGptJudge(IChatClient chatClient, LogicKorTexts texts, int retries = 2, int maxOutputTokens = 1024) : ILogicKorJudge
{
    private readonly Lazy<string> singlePrompt = new(() => texts.JudgeSystemPrompt(LogicKorTurn.SingleTurn));
    private readonly Lazy<string> multiPrompt = new(() => texts.JudgeSystemPrompt(LogicKorTurn.MultiTurn));

    public string Name => "logickor";

    public async ValueTask<LogicKorRecord> JudgeAsync(LogicKorRecord answers, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(answers);
        var single = await JudgeTurnAsync(answers, LogicKorTurn.SingleTurn, cancellationToken).ConfigureAwait(false);
        var multi = answers.Questions.Count > 1 && answers.Outputs?.Count > 1
            ? await JudgeTurnAsync(answers, LogicKorTurn.MultiTurn, cancellationToken).ConfigureAwait(false)
            : LogicKorTurnJudgment.Failed(ErrorKind.Unjudgeable, "the answer has no second turn");
        return answers with { SingleTurn = single, MultiTurn = multi };
    }

    public async ValueTask<LogicKorTurnJudgment> JudgeTurnAsync(LogicKorRecord answers, LogicKorTurn turn, CancellationToken cancellationToken = default)
    {
        List<ChatMessage> messages =
        [
            new(ChatRole.System, turn == LogicKorTurn.SingleTurn ? singlePrompt.Value : multiPrompt.Value),
            new(ChatRole.User, LogicKorJudgeRequest.Build(answers, turn)),
        ];
        var judgment = LogicKorTurnJudgment.Failed(ErrorKind.NoVerdict, "not judged");
        for (var attempt = 0; attempt <= retries; attempt++)
        {
            var options = new ChatOptions { Temperature = attempt == 0 ? 0f : 1f, Seed = attempt, MaxOutputTokens = maxOutputTokens };
            try
            {
                var response = await chatClient.GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
                judgment = LogicKorVerdictParser.Parse(response.Text);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                var refusal = e as EngineRefusalException;
                judgment = LogicKorTurnJudgment.Failed(refusal?.Kind ?? ErrorKind.EngineError, $"engine error: {e.Message}");
                if (refusal is not null)
                {
                    // A refusal (a prompt too long, a bad key) comes back the same however often it is asked.
                    return judgment;
                }
            }
            if (judgment.Score is not null)
            {
                return judgment;
            }
        }
        return judgment with { Error = $"no score after {retries + 1} attempts: {judgment.Error}" };
    }
}
