namespace KoJudge.Ranking;

/// <summary>
/// The maximum-likelihood Bradley–Terry fit, unregularised: P(a beats b) = σ(θa − θb + γ·z), a tie counted as half a
/// win each side, θ of the anchor held at 0 (the likelihood only sees differences) and γ the weight of an optional
/// covariate z per battle. Newton's method with step halving: the log-likelihood is concave, so each step that does
/// not lower it moves towards the one maximum, and near it Newton converges quadratically, to 1e-10 in a handful of
/// steps.
/// </summary>
/// <remarks>
/// Written by hand because no library at hand fits this model exactly: ML.NET's logistic regression always fits a
/// bias (here it would be a position effect no battle has), reads only 0/1 labels (a tie is 0.5) and stops its
/// L-BFGS at a loose tolerance; Math.NET is no dependency of KoJudge. The parameters number the models, so a dense
/// Newton step with a Cholesky solve costs next to nothing beside the pass over the battles.
/// </remarks>
internal sealed class BradleyTerryFit
{
    private const int MaxIterations = 200;
    private const double Tolerance = 1e-10;

    // Beyond e^30 (5,200 Elo points) the odds are no finite estimate but a likelihood still climbing.
    private const double Divergence = 30;

    private readonly int models;
    private readonly int anchor;
    private readonly int[] a;
    private readonly int[] b;
    private readonly double[] score;
    private readonly double[]? covariate;

    /// <param name="a">Per battle, side A's model (0 to <paramref name="models"/> − 1).</param>
    /// <param name="score">Per battle, A's score: 1, 0.5 or 0.</param>
    /// <param name="covariate">Per battle, the covariate (antisymmetric: swapping the sides negates it), or null for none.</param>
    public BradleyTerryFit(int models, int anchor, int[] a, int[] b, double[] score, double[]? covariate)
    {
        this.models = models;
        this.anchor = anchor;
        this.a = a;
        this.b = b;
        this.score = score;
        this.covariate = covariate;
    }

    public int Battles => a.Length;

    /// <summary>The maximum with each battle counted <paramref name="weights"/>[i] times (all once where null).</summary>
    /// <returns>θ per model (natural log-odds, the anchor's 0), then γ where there is a covariate; or null where the likelihood has no finite maximum.</returns>
    public double[]? Maximize(double[]? weights = null)
    {
        if (!ComparisonGraph.EveryGroupScoredAgainstTheRest(models, a, b, score, weights))
        {
            return null;
        }
        var (pa, pb, ps, pw, pz) = Collapse(weights);
        var parameters = models - 1 + (covariate is null ? 0 : 1);
        var theta = new double[models + 1];
        var gradient = new double[parameters];
        var information = new double[parameters, parameters];
        var current = LogLikelihood(theta, pa, pb, ps, pw, pz);
        for (var iteration = 0; iteration < MaxIterations; iteration++)
        {
            Array.Clear(gradient);
            Array.Clear(information);
            for (var i = 0; i < pa.Length; i++)
            {
                var z = pz?[i] ?? 0;
                var p = Sigmoid(theta[pa[i]] - theta[pb[i]] + theta[models] * z);
                var residual = pw[i] * (ps[i] - p);
                var curvature = pw[i] * p * (1 - p);
                var ia = Index(pa[i]);
                var ib = Index(pb[i]);
                var ig = pz is null ? -1 : parameters - 1;
                Accumulate(gradient, information, ia, ib, ig, residual, curvature, z);
            }
            if (!Cholesky.TrySolve(information, gradient, out var step))
            {
                return null;
            }
            var trial = new double[theta.Length];
            var length = 1.0;
            double next;
            while (true)
            {
                for (var m = 0; m < models; m++)
                {
                    trial[m] = Index(m) < 0 ? 0 : theta[m] + length * step[Index(m)];
                }
                trial[models] = pz is null ? 0 : theta[models] + length * step[parameters - 1];
                next = LogLikelihood(trial, pa, pb, ps, pw, pz);
                if (next >= current - 1e-12 * Math.Abs(current) || length < 1e-6)
                {
                    break;
                }
                length /= 2;
            }
            Array.Copy(trial, theta, theta.Length);
            current = next;
            if (theta.Any(t => Math.Abs(t) > Divergence))
            {
                return null;
            }
            if (step.Max(Math.Abs) * length < Tolerance)
            {
                return covariate is null ? theta[..models] : theta;
            }
        }
        return null;
    }

    private int Index(int model) => model == anchor ? -1 : model < anchor ? model : model - 1;

    private static void Accumulate(double[] gradient, double[,] information, int ia, int ib, int ig, double residual, double curvature, double z)
    {
        // The covariate's own row and column; the model rows take ±1 for A and B.
        if (ia >= 0)
        {
            gradient[ia] += residual;
            information[ia, ia] += curvature;
        }
        if (ib >= 0)
        {
            gradient[ib] -= residual;
            information[ib, ib] += curvature;
        }
        if (ia >= 0 && ib >= 0)
        {
            information[ia, ib] -= curvature;
            information[ib, ia] -= curvature;
        }
        if (ig < 0)
        {
            return;
        }
        gradient[ig] += residual * z;
        information[ig, ig] += curvature * z * z;
        if (ia >= 0)
        {
            information[ia, ig] += curvature * z;
            information[ig, ia] += curvature * z;
        }
        if (ib >= 0)
        {
            information[ib, ig] -= curvature * z;
            information[ig, ib] -= curvature * z;
        }
    }

    /// <summary>
    /// Without a covariate, battles of one pair differ only in their outcome, so they are summed into one row per pair
    /// (total weight, mean score): a pass over a few hundred pairs instead of thousands of battles per Newton step.
    /// </summary>
    private (int[] A, int[] B, double[] Score, double[] Weight, double[]? Z) Collapse(double[]? weights)
    {
        if (covariate is not null)
        {
            var keep = Enumerable.Range(0, a.Length).Where(i => weights is null || weights[i] > 0).ToArray();
            return (keep.Select(i => a[i]).ToArray(), keep.Select(i => b[i]).ToArray(), keep.Select(i => score[i]).ToArray(),
                keep.Select(i => weights?[i] ?? 1).ToArray(), keep.Select(i => covariate[i]).ToArray());
        }
        var pairs = new Dictionary<(int, int), (double Weight, double Score)>();
        for (var i = 0; i < a.Length; i++)
        {
            var w = weights?[i] ?? 1;
            if (w <= 0)
            {
                continue;
            }
            var (low, high, s) = a[i] < b[i] ? (a[i], b[i], score[i]) : (b[i], a[i], 1 - score[i]);
            var sum = pairs.GetValueOrDefault((low, high));
            pairs[(low, high)] = (sum.Weight + w, sum.Score + w * s);
        }
        var keys = pairs.Keys.ToArray();
        return (keys.Select(k => k.Item1).ToArray(), keys.Select(k => k.Item2).ToArray(),
            keys.Select(k => pairs[k].Score / pairs[k].Weight).ToArray(), keys.Select(k => pairs[k].Weight).ToArray(), null);
    }

    private double LogLikelihood(double[] theta, int[] pa, int[] pb, double[] ps, double[] pw, double[]? pz)
    {
        var sum = 0.0;
        for (var i = 0; i < pa.Length; i++)
        {
            var eta = theta[pa[i]] - theta[pb[i]] + theta[models] * (pz?[i] ?? 0);
            sum += pw[i] * (ps[i] * LogSigmoid(eta) + (1 - ps[i]) * LogSigmoid(-eta));
        }
        return sum;
    }

    private static double Sigmoid(double x) => x >= 0 ? 1 / (1 + Math.Exp(-x)) : Math.Exp(x) / (1 + Math.Exp(x));

    // log σ(x) = −log(1 + e^−x), written so neither branch overflows.
    private static double LogSigmoid(double x) => x >= 0 ? -Math.Log(1 + Math.Exp(-x)) : x - Math.Log(1 + Math.Exp(x));
}
