namespace KoJudge.Ranking;

/// <summary>Solves A x = b for a symmetric positive-definite A (the Fisher information of a fit), by its Cholesky factor.</summary>
internal static class Cholesky
{
    /// <returns>False where A is not positive definite (a parameter the battles do not determine).</returns>
    public static bool TrySolve(double[,] matrix, double[] rhs, out double[] solution)
    {
        var n = rhs.Length;
        var lower = new double[n, n];
        solution = new double[n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j <= i; j++)
            {
                var sum = matrix[i, j];
                for (var k = 0; k < j; k++)
                {
                    sum -= lower[i, k] * lower[j, k];
                }
                if (i == j)
                {
                    if (sum <= 1e-12 * Math.Max(1, Math.Abs(matrix[i, i])))
                    {
                        return false;
                    }
                    lower[i, i] = Math.Sqrt(sum);
                }
                else
                {
                    lower[i, j] = sum / lower[j, j];
                }
            }
        }
        var forward = new double[n];
        for (var i = 0; i < n; i++)
        {
            var sum = rhs[i];
            for (var k = 0; k < i; k++)
            {
                sum -= lower[i, k] * forward[k];
            }
            forward[i] = sum / lower[i, i];
        }
        for (var i = n - 1; i >= 0; i--)
        {
            var sum = forward[i];
            for (var k = i + 1; k < n; k++)
            {
                sum -= lower[k, i] * solution[k];
            }
            solution[i] = sum / lower[i, i];
        }
        return true;
    }
}
