using MisuseLab.Learning.Data;

namespace MisuseLab.Study.Defects;

/// <summary>Schema-changing edits of a frame, and column lookups that report against the defect's JSON path.</summary>
internal static class FrameEdits
{
    public static Frame AddColumn(Frame frame, FeatureSpec feature, double[] values)
    {
        var columns = new List<double[]>(frame.ColumnCount + 1);
        for (var j = 0; j < frame.ColumnCount; j++) columns.Add(frame.CopyColumn(j));
        columns.Add(values);
        return new Frame(new FeatureSchema([.. frame.Schema, feature]), columns);
    }

    public static Frame ReplaceColumn(Frame frame, int index, FeatureSpec feature, double[] values)
    {
        var specs = frame.Schema.ToArray();
        specs[index] = feature;
        var columns = new double[frame.ColumnCount][];
        for (var j = 0; j < columns.Length; j++) columns[j] = j == index ? values : frame.CopyColumn(j);
        return new Frame(new FeatureSchema(specs), columns);
    }

    public static Frame AppendCopies(Frame frame, int[] sourceRows)
    {
        var rows = new int[frame.RowCount + sourceRows.Length];
        for (var i = 0; i < frame.RowCount; i++) rows[i] = i;
        sourceRows.CopyTo(rows, frame.RowCount);
        return frame.SelectRows(rows);
    }

    /// <summary>The index of <paramref name="column"/>, which must exist and be of <paramref name="kind"/> when given.</summary>
    public static int Column(FeatureSchema schema, string column, FeatureKind? kind, string fieldPath)
    {
        if (!schema.TryIndexOf(column, out var index))
            throw new DefectSpecException(fieldPath, $"expected a column of the data ({string.Join(", ", schema.Select(f => f.Name))}); found '{column}'.");
        if (kind is { } k && schema[index].Kind != k)
        {
            var candidates = schema.Where(f => f.Kind == k).Select(f => f.Name);
            throw new DefectSpecException(fieldPath, $"expected a {Lower(k)} column ({string.Join(", ", candidates)}); found '{column}', which is {Lower(schema[index].Kind)}.");
        }
        return index;
    }

    private static string Lower(FeatureKind kind) => kind == FeatureKind.Numeric ? "numeric" : "categorical";
}
