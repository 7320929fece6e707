using MisuseLab.Learning.Models;

namespace MisuseLab.Learning.Tests.Explainers;

/// <summary>
/// The oracle: Shapley values by enumerating every feature subset S, with the path-dependent value function
/// v(S) = base + Σ_trees E_tree(S): walk the tree following the row at splits on features in S and averaging
/// the two children by cover (child cover / node cover) at the others.
/// </summary>
internal static class BruteForceShapley
{
    public static double[] Explain(TreeEnsembleModel model, double[] row)
    {
        var n = model.Schema.Count;
        var value = new double[1 << n];
        for (var s = 0; s < value.Length; s++)
        {
            value[s] = model.BaseScore;
            foreach (var tree in model.Trees) value[s] += Expectation(tree, 0, row, s);
        }
        return FromValues(value, n);
    }

    /// <summary>
    /// Shapley values of n players from the value of every coalition (value[S], S a bit mask):
    /// φ_i = Σ_{S ∌ i} |S|! (n − |S| − 1)! / n! · (v(S ∪ {i}) − v(S)).
    /// </summary>
    public static double[] FromValues(double[] value, int n)
    {
        var factorial = new double[n + 1];
        factorial[0] = 1;
        for (var k = 1; k <= n; k++) factorial[k] = factorial[k - 1] * k;
        var phi = new double[n];
        for (var i = 0; i < n; i++)
        {
            for (var s = 0; s < value.Length; s++)
            {
                if ((s >> i & 1) != 0) continue;
                var size = System.Numerics.BitOperations.PopCount((uint)s);
                phi[i] += factorial[size] * factorial[n - size - 1] / factorial[n] * (value[s | 1 << i] - value[s]);
            }
        }
        return phi;
    }

    /// <summary>v(∅) of the whole model: the expected value TreeSHAP reports.</summary>
    public static double ExpectedValue(TreeEnsembleModel model, double[] row)
    {
        var v = model.BaseScore;
        foreach (var tree in model.Trees) v += Expectation(tree, 0, row, 0);
        return v;
    }

    private static double Expectation(RegressionTree tree, int node, double[] row, int subset)
    {
        if (tree.IsLeaf(node)) return tree.Value[node];
        var f = tree.Feature[node];
        if ((subset >> f & 1) != 0) return Expectation(tree, tree.Next(node, row[f]), row, subset);
        int l = tree.Left[node], r = tree.Right[node];
        return (tree.Cover[l] * Expectation(tree, l, row, subset) + tree.Cover[r] * Expectation(tree, r, row, subset)) / tree.Cover[node];
    }
}
