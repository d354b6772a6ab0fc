// Judges one Korean answer through KoPrometheusEvaluator, as a .NET team would inside its own tests, using only
// KoJudge's NuGet packages. With no arguments it generates a tiny random-weight model (KoJudge.Gguf), so it runs
// anywhere with no download; `JudgeOneItem MODEL.gguf [LORA.gguf]` runs the real judge instead.
using System.Globalization;
using KoJudge.Evaluation;
using KoJudge.Gguf.TestModels;
using KoJudge.Judging;
using KoJudge.LlamaCpp;
using KoJudge.Prompts;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.AI.Evaluation;

LlamaCppEngineOptions options;
var random = args.Length == 0;
if (random)
{
    var (model, lora) = TestModelCache.Default.Tiny();
    // A random model writes noise; the verdict grammar makes that noise end in "[RESULT] n", so the whole path runs.
    // Flash attention off: the tiny model's narrow heads run faster without it.
    options = new LlamaCppEngineOptions(model) { Loras = [new LoraAdapterSpec(lora)], ConstrainVerdict = true, FlashAttention = false };
}
else
{
    options = new LlamaCppEngineOptions(args[0]) { Loras = [.. args.Skip(1).Select(LoraAdapterSpec.Parse)] };
}
options = options with { Parallel = 1, Threads = Math.Min(2, Environment.ProcessorCount) };

await using var engine = LlamaCppEngine.Load(options);
var judge = new ChatConfiguration(engine.AsChatClient());

const string Question = "f(x) = 3x^3 + 2x^2 + 58을 미분하시오.";
var answer = new ChatResponse(new ChatMessage(ChatRole.Assistant, "f'(x) = 9x^2 + 4x 입니다. 상수항 58은 미분하면 0이 됩니다."));
var evaluator = new KoPrometheusEvaluator(new JudgeOptions { MaxOutputTokens = 128 });
var result = await evaluator.EvaluateAsync(
    [new ChatMessage(ChatRole.User, Question)],
    answer,
    judge,
    [new KoPrometheusEvaluatorContext(RubricCatalog.Resolve("math"), reference: "9x^2 + 4x")]);

var score = result.Get<NumericMetric>(KoPrometheusEvaluator.ScoreMetricName);
Console.WriteLine($"judge: {Path.GetFileName(options.ModelPath)}"
    + (random ? " (random weights: the score below proves the path and means nothing)" : ""));
if (score.Value is { } value)
{
    var interpretation = score.Interpretation!;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"score: {value:0} of 5, {interpretation.Rating}{(interpretation.Failed ? $", failed: {interpretation.Reason}" : ", passed")}"));
    Console.WriteLine($"feedback: {score.Reason}");
    return 0;
}
// No verdict is reported as such, with the judge's reason: the evaluator never invents a score.
var reason = score.Diagnostics?.FirstOrDefault(d => d.Severity == EvaluationDiagnosticSeverity.Error)?.Message ?? "no verdict";
Console.WriteLine($"no score: failed, {reason}");
return 3;
