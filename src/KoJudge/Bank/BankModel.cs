using Microsoft.ML;
using Microsoft.ML.Trainers.FastTree;

namespace KoJudge.Bank;

/// <summary>
/// Gradient-boosted trees (ML.NET's FastTree) from an answer's features to the gold judge's score, fitted on the bank
/// alone. Squared loss makes a prediction the mean gold of answers like it, so a model's mean estimate tracks the gold
/// judge's mean for that model; predictions are clamped to the gold's scale.
/// </summary>
internal sealed class BankModel
{
    private readonly MLContext context;
    private readonly ITransformer model;
    private readonly double low;
    private readonly double high;

    private BankModel(MLContext context, ITransformer model, double low, double high)
    {
        this.context = context;
        this.model = model;
        this.low = low;
        this.high = high;
    }

    public static BankModel Fit(IReadOnlyList<(float[] Features, float Label)> rows, BankModelOptions options)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(options);
        var context = new MLContext(seed: options.Seed);
        var data = context.Data.LoadFromEnumerable(rows.Select(r => new BankExample { Features = r.Features, Label = r.Label }));
        var trainer = context.Regression.Trainers.FastTree(new FastTreeRegressionTrainer.Options
        {
            NumberOfTrees = options.Trees,
            NumberOfLeaves = options.Leaves,
            MinimumExampleCountPerLeaf = options.MinimumExamplesPerLeaf,
            LearningRate = options.LearningRate,
            NumberOfThreads = options.Threads,
        });
        return new BankModel(context, trainer.Fit(data), rows.Min(r => r.Label), rows.Max(r => r.Label));
    }

    public double[] Predict(IReadOnlyList<float[]> features)
    {
        ArgumentNullException.ThrowIfNull(features);
        if (features.Count == 0)
        {
            return [];
        }
        var data = context.Data.LoadFromEnumerable(features.Select(f => new BankExample { Features = f }));
        return context.Data.CreateEnumerable<BankPrediction>(model.Transform(data), reuseRowObject: false)
            .Select(p => Math.Clamp((double)p.Score, low, high))
            .ToArray();
    }
}
