using MisuseLab.Learning.Models;

namespace MisuseLab.Learning.Explainers;

/// <summary>
/// Path-dependent TreeSHAP exactly as Algorithm 2 of Lundberg et al. (2020), "From local explanations to
/// global understanding with explainable AI for trees": one recursive pass per tree and row, keeping the
/// unique-feature path with EXTEND/UNWIND, O(L·D²) per tree. Kept simple on purpose: it is the reference the
/// fast implementation (<see cref="FastTreeShap"/>) is tested against, and the tests check it against brute force.
/// </summary>
internal static class TreeShapReference
{
    private struct PathElement
    {
        public int Feature;
        public double Zero;   // fraction of cover that flows this way when the feature is not in S
        public double One;    // 1 when the row flows this way, 0 otherwise
        public double Weight; // permutation weight of subsets of each size
    }

    /// <summary>Adds the tree's SHAP values for <paramref name="row"/> into <paramref name="phi"/>.</summary>
    public static void AddTree(RegressionTree tree, ReadOnlySpan<double> row, Span<double> phi)
    {
        var depth = tree.Depth();
        // Each recursion level copies its parent's path, as the paper's "m = copy" does.
        var storage = new PathElement[(depth + 2) * (depth + 3) / 2];
        Recurse(tree, row, phi, storage, 0, 0, 0, 1.0, 1.0, -1);
    }

    private static void Recurse(RegressionTree tree, ReadOnlySpan<double> row, Span<double> phi, PathElement[] storage,
        int parentOffset, int uniqueDepth, int node, double zero, double one, int feature)
    {
        var offset = parentOffset + uniqueDepth;
        var path = storage.AsSpan(offset, uniqueDepth + 1);
        if (uniqueDepth > 0) storage.AsSpan(parentOffset, uniqueDepth).CopyTo(path);
        Extend(path, uniqueDepth, zero, one, feature);

        if (tree.IsLeaf(node))
        {
            var value = tree.Value[node];
            for (var i = 1; i <= uniqueDepth; i++)
            {
                var w = UnwoundSum(path, uniqueDepth, i);
                phi[path[i].Feature] += w * (path[i].One - path[i].Zero) * value;
            }
            return;
        }

        var split = tree.Feature[node];
        var hot = tree.Next(node, row[split]);
        var cold = hot == tree.Left[node] ? tree.Right[node] : tree.Left[node];
        var cover = tree.Cover[node];
        double incomingZero = 1, incomingOne = 1;
        var k = 0;
        while (k <= uniqueDepth && path[k].Feature != split) k++;
        if (k <= uniqueDepth)
        {
            // The feature was split on above: undo that split so the two combine into one path element.
            incomingZero = path[k].Zero;
            incomingOne = path[k].One;
            Unwind(path, uniqueDepth, k);
            uniqueDepth--;
        }
        Recurse(tree, row, phi, storage, offset, uniqueDepth + 1, hot, incomingZero * tree.Cover[hot] / cover, incomingOne, split);
        Recurse(tree, row, phi, storage, offset, uniqueDepth + 1, cold, incomingZero * tree.Cover[cold] / cover, 0, split);
    }

    private static void Extend(Span<PathElement> path, int l, double zero, double one, int feature)
    {
        path[l] = new PathElement { Feature = feature, Zero = zero, One = one, Weight = l == 0 ? 1 : 0 };
        for (var i = l - 1; i >= 0; i--)
        {
            path[i + 1].Weight += one * path[i].Weight * (i + 1) / (l + 1);
            path[i].Weight = zero * path[i].Weight * (l - i) / (l + 1);
        }
    }

    private static void Unwind(Span<PathElement> path, int l, int index)
    {
        var one = path[index].One;
        var zero = path[index].Zero;
        var next = path[l].Weight;
        for (var i = l - 1; i >= 0; i--)
        {
            if (one != 0)
            {
                var t = path[i].Weight;
                path[i].Weight = next * (l + 1) / ((i + 1) * one);
                next = t - path[i].Weight * zero * (l - i) / (l + 1);
            }
            else
            {
                path[i].Weight = path[i].Weight * (l + 1) / (zero * (l - i));
            }
        }
        for (var i = index; i < l; i++)
        {
            path[i].Feature = path[i + 1].Feature;
            path[i].Zero = path[i + 1].Zero;
            path[i].One = path[i + 1].One;
        }
    }

    private static double UnwoundSum(ReadOnlySpan<PathElement> path, int l, int index)
    {
        var one = path[index].One;
        var zero = path[index].Zero;
        var next = path[l].Weight;
        var total = 0.0;
        if (one != 0)
        {
            for (var i = l - 1; i >= 0; i--)
            {
                var t = next / ((i + 1) * one);
                total += t;
                next = path[i].Weight - t * zero * (l - i);
            }
        }
        else if (zero != 0)
        {
            for (var i = l - 1; i >= 0; i--) total += path[i].Weight / (zero * (l - i));
        }
        return total * (l + 1);
    }
}
