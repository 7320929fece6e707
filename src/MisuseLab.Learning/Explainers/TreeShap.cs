using MisuseLab.Learning.Data;
using MisuseLab.Learning.Models;

namespace MisuseLab.Learning.Explainers;

public enum TreeShapAlgorithm
{
    /// <summary>Per-leaf precomputed Shapley tables (<see cref="TreeShapPlan"/>); the default.</summary>
    Fast,

    /// <summary>Algorithm 2 of Lundberg et al. (2020) as published; slower, kept as the reference.</summary>
    Reference,
}

/// <summary>Options of <see cref="TreeShap.Explain"/>.</summary>
public sealed record TreeShapOptions
{
    /// <summary>Which exact algorithm computes the values; both give the same numbers (tests hold them to 1e-12).</summary>
    public TreeShapAlgorithm Algorithm { get; init; } = TreeShapAlgorithm.Fast;

    /// <summary>Check |Σφ + E[f] − output| on every row and throw <see cref="AdditivityException"/> past the tolerance. Default on.</summary>
    public bool CheckAdditivity { get; init; } = true;

    /// <summary>Largest accepted additivity error, in log-odds. Default 1e-9.</summary>
    public double AdditivityTolerance { get; init; } = 1e-9;

    /// <summary>Threads used over rows; -1 (default) lets the runtime decide.</summary>
    public int MaxDegreeOfParallelism { get; init; } = -1;

    public void Validate()
    {
        var errors = new List<string>();
        if (!Enum.IsDefined(Algorithm)) errors.Add($"{nameof(Algorithm)}: expected Fast or Reference; found {Algorithm}.");
        if (!(AdditivityTolerance >= 0)) errors.Add($"{nameof(AdditivityTolerance)}: expected a non-negative number; found {AdditivityTolerance}.");
        if (MaxDegreeOfParallelism == 0 || MaxDegreeOfParallelism < -1) errors.Add($"{nameof(MaxDegreeOfParallelism)}: expected -1 or a positive count; found {MaxDegreeOfParallelism}.");
        if (errors.Count > 0) throw new ArgumentException("Invalid TreeSHAP options: " + string.Join(" ", errors));
    }
}

/// <summary>
/// Exact path-dependent TreeSHAP of a <see cref="TreeEnsembleModel"/>'s raw margin, in double precision and
/// parallel over rows. Missing values and categorical splits route exactly as <see cref="RegressionTree.Next"/>
/// does: the "hot" child of a node is the one the row takes. Local accuracy is checked on every row by default.
/// </summary>
public static class TreeShap
{
    public static ShapValues Explain(TreeEnsembleModel model, Frame frame, TreeShapOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(frame);
        options ??= new TreeShapOptions();
        options.Validate();
        if (!frame.Schema.Equals(model.Schema))
            throw new DataFormatException($"The frame's features ({string.Join(", ", frame.Schema.Select(f => f.Name))}) differ from the model's ({string.Join(", ", model.Schema.Select(f => f.Name))}); explain data with the schema the model was trained on.");

        var plan = new TreeShapPlan(model);
        var width = model.Schema.Count;
        var values = new double[frame.RowCount * width];
        var outputs = new double[frame.RowCount];
        var errors = new double[frame.RowCount];
        var expected = plan.ExpectedValue;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.MaxDegreeOfParallelism };
        var reference = options.Algorithm == TreeShapAlgorithm.Reference;

        var blocks = (frame.RowCount + TreeShapPlan.BlockRows - 1) / TreeShapPlan.BlockRows;
        Parallel.For(0, blocks, parallel, () => (Rows: new double[TreeShapPlan.BlockRows * width], Scratch: plan.CreateScratch()), (block, _, local) =>
        {
            var start = block * TreeShapPlan.BlockRows;
            var count = Math.Min(TreeShapPlan.BlockRows, frame.RowCount - start);
            for (var r = 0; r < count; r++) frame.CopyRow(start + r, local.Rows.AsSpan(r * width, width));
            var phi = values.AsSpan(start * width, count * width);
            if (reference)
            {
                phi.Clear();
                for (var r = 0; r < count; r++)
                    foreach (var tree in model.Trees) TreeShapReference.AddTree(tree, local.Rows.AsSpan(r * width, width), phi.Slice(r * width, width));
            }
            else
            {
                plan.ExplainBlock(local.Rows, count, phi, local.Scratch);
            }
            if (options.CheckAdditivity)
            {
                for (var r = 0; r < count; r++)
                {
                    var output = model.PredictRaw(local.Rows.AsSpan(r * width, width));
                    outputs[start + r] = output;
                    var sum = expected;
                    foreach (var v in phi.Slice(r * width, width)) sum += v;
                    errors[start + r] = Math.Abs(sum - output);
                }
            }
            return local;
        }, _ => { });

        double maxError;
        if (options.CheckAdditivity)
        {
            maxError = 0;
            for (var i = 0; i < errors.Length; i++)
            {
                // Scanned after the parallel loop so the first failing row is reported, whatever the thread order.
                if (!(errors[i] <= options.AdditivityTolerance))
                {
                    var sum = expected;
                    foreach (var v in values.AsSpan(i * width, width)) sum += v;
                    throw new AdditivityException(
                        $"TreeSHAP additivity failed on row {i}: Σφ + base = {sum:R} but the model output is {outputs[i]:R} (|difference| {errors[i]:E3} > tolerance {options.AdditivityTolerance:E1}). " +
                        "Expected them to agree; check that the trees' covers are finite and positive, or explain with Algorithm = Reference to compare.");
                }
                maxError = Math.Max(maxError, errors[i]);
            }
        }
        else
        {
            maxError = double.NaN;
            model.PredictRaw(frame).CopyTo(outputs, 0);
        }
        return new ShapValues(model.Schema, values, expected, outputs, maxError);
    }

    /// <summary>E[f] = base score + Σ_trees cover-weighted mean leaf value (the TreeSHAP base value).</summary>
    public static double ExpectedValue(TreeEnsembleModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return new TreeShapPlan(model).ExpectedValue;
    }

    /// <summary>TreeSHAP weights paths by cover ratios, so every node reachable from the root needs a positive finite cover.</summary>
    internal static void CheckCovers(RegressionTree tree, int treeIndex)
    {
        var stack = new Stack<int>();
        stack.Push(0);
        while (stack.Count > 0)
        {
            var n = stack.Pop();
            var c = tree.Cover[n];
            if (!(c > 0) || !double.IsFinite(c))
                throw new InvalidModelException($"Tree {treeIndex}, node {n} has cover {c}; TreeSHAP needs a positive finite cover (training hessian sum) on every reachable node. Retrain, or import the model with its covers (XGBoost: sum_hessian).");
            if (tree.IsLeaf(n)) continue;
            stack.Push(tree.Left[n]);
            stack.Push(tree.Right[n]);
        }
    }
}
