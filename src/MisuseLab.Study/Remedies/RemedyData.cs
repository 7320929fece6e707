using MisuseLab.Learning.Data;
using MisuseLab.Study.Defects;

namespace MisuseLab.Study.Remedies;

/// <summary>
/// The data a remedy works on: the training rows a participant's fixes have kept so far (with each row's index in
/// the defective training frame, so a fix can look up what was known about it before any fix) and the clean test
/// set every remedy is scored on. Fixes that change the schema change it in both splits, so they always match.
/// </summary>
public sealed record RemedyData
{
    public RemedyData(Frame train, bool[] trainLabels, int[] trainRows, Frame test, bool[] testLabels)
    {
        if (trainLabels.Length != train.RowCount || trainRows.Length != train.RowCount)
            throw new ArgumentException($"Expected one label and one row index per training row ({train.RowCount}); found {trainLabels.Length} labels and {trainRows.Length} indices.", nameof(trainRows));
        if (testLabels.Length != test.RowCount)
            throw new ArgumentException($"Expected one test label per row ({test.RowCount}); found {testLabels.Length}.", nameof(testLabels));
        if (!train.Schema.Equals(test.Schema))
            throw new ArgumentException("Expected train and test to share one schema; a fix that changes a column must change it in both splits.", nameof(test));
        Train = train;
        TrainLabels = trainLabels;
        TrainRows = trainRows;
        Test = test;
        TestLabels = testLabels;
    }

    public Frame Train { get; }
    public bool[] TrainLabels { get; }

    /// <summary>For each kept training row, its index in the defective training frame.</summary>
    public int[] TrainRows { get; }
    public Frame Test { get; }
    public bool[] TestLabels { get; }

    /// <summary>Only the training rows at <paramref name="keep"/> (indices into <see cref="Train"/>, ascending).</summary>
    public RemedyData KeepTrainRows(int[] keep) =>
        new(Train.SelectRows(keep), [.. keep.Select(i => TrainLabels[i])], [.. keep.Select(i => TrainRows[i])], Test, TestLabels);
}

/// <summary>
/// What every fix may consult besides the data it receives: the raw Adult data before any defect (for fixes that go
/// back to the source, such as undoing a re-binning), where each defective training row came from in it, and the
/// unfixed model's probability of "&gt;50K" for every defective training row (for fixes that filter rows the model
/// contradicts). Never the manifest: a participant's fix knows only what a data scientist could know.
/// </summary>
public sealed record RemedyContext(DefectData Original, int[] OriginalTrainRow, double[] UnfixedTrainProbabilities);

/// <summary>Builds the starting point of every remedy from a defect run.</summary>
public static class RemedyStart
{
    /// <summary>
    /// The defective training data with the CLEAN test data: the run's final test frame with every test cell a defect
    /// changed put back (in reverse order), so it has the final schema (added and re-encoded columns) but none of the
    /// test-only corruption such as drift. Test rows are never added or removed by a defect.
    /// </summary>
    public static RemedyData From(DefectRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var final = run.Final;
        var test = final.Test;
        var columns = new Dictionary<int, double[]>();
        for (var s = run.Steps.Count - 1; s >= 0; s--)
        {
            foreach (var change in run.Steps[s].Result.Changes.Where(c => c.Split == DataSplit.Test).Reverse())
            {
                var j = test.Schema.IndexOf(change.Column);
                if (!columns.TryGetValue(j, out var column)) columns[j] = column = test.CopyColumn(j);
                column[change.Row] = ValueOf(test.Schema[j], change.Before, run.Steps[s].Spec.Path);
            }
        }
        foreach (var (j, column) in columns) test = test.WithColumn(j, column);
        var rows = Enumerable.Range(0, final.Train.RowCount).ToArray();
        return new RemedyData(final.Train, final.TrainLabels, rows, test, final.TestLabels);
    }

    /// <summary>For each defective training row, the original row it is (or was copied from, through any chain of copies).</summary>
    public static int[] OriginalTrainRows(DefectRun run)
    {
        var origin = Enumerable.Range(0, run.Original.Train.RowCount).ToList();
        foreach (var step in run.Steps)
            foreach (var added in step.Result.AddedRows.Where(a => a.Split == DataSplit.Train).OrderBy(a => a.Row))
            {
                if (added.Row != origin.Count)
                    throw new InvalidOperationException($"Defect at {step.Spec.Path} added training row {added.Row}; expected rows to be appended at {origin.Count}.");
                origin.Add(origin[added.SourceRow]);
            }
        return [.. origin];
    }

    private static double ValueOf(FeatureSpec spec, ManifestValue value, string path)
    {
        if (value.IsMissing) return double.NaN;
        if (!spec.IsCategorical) return value.Number ?? throw new InvalidOperationException($"Defect at {path}: expected a number for numeric column '{spec.Name}'; the manifest holds '{value}'.");
        var code = spec.Categories.IndexOf(value.Text ?? "");
        return code >= 0 ? code : throw new InvalidOperationException($"Defect at {path}: expected a category of '{spec.Name}'; the manifest holds '{value}'.");
    }
}
