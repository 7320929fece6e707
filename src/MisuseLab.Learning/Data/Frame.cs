namespace MisuseLab.Learning.Data;

/// <summary>
/// Columnar table of features. Every column is a <c>double[]</c>: numeric values as they are, categorical
/// values as category indices, missing values as NaN. Columns are never mutated after construction, so
/// frames can share columns (see <see cref="WithColumn"/>), which makes permutation importance cheap.
/// </summary>
public sealed class Frame
{
    private readonly double[][] _columns;

    public Frame(FeatureSchema schema, IReadOnlyList<double[]> columns)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(columns);
        if (columns.Count != schema.Count)
            throw new ArgumentException($"Expected one column per feature ({schema.Count}); found {columns.Count}.", nameof(columns));
        var rows = columns.Count == 0 ? 0 : columns[0].Length;
        for (var j = 0; j < columns.Count; j++)
        {
            if (columns[j].Length != rows)
                throw new ArgumentException($"Column '{schema[j].Name}' has {columns[j].Length} rows; column '{schema[0].Name}' has {rows}. All columns must have the same length.", nameof(columns));
            if (schema[j].IsCategorical)
                CheckCategoryCodes(schema[j], columns[j]);
        }
        Schema = schema;
        _columns = [.. columns];
        RowCount = rows;
    }

    public FeatureSchema Schema { get; }
    public int RowCount { get; }
    public int ColumnCount => _columns.Length;

    public ReadOnlySpan<double> Column(int feature) => _columns[feature];
    public ReadOnlySpan<double> Column(string name) => _columns[Schema.IndexOf(name)];

    /// <summary>The row's values in schema order, copied into <paramref name="destination"/>.</summary>
    public void CopyRow(int row, Span<double> destination)
    {
        if (destination.Length < _columns.Length)
            throw new ArgumentException($"Destination holds {destination.Length} values; the frame has {_columns.Length} columns.", nameof(destination));
        for (var j = 0; j < _columns.Length; j++) destination[j] = _columns[j][row];
    }

    public double[] Row(int row)
    {
        var values = new double[_columns.Length];
        CopyRow(row, values);
        return values;
    }

    /// <summary>A frame sharing every column but <paramref name="feature"/>, which is replaced.</summary>
    public Frame WithColumn(int feature, double[] values)
    {
        var columns = (double[][])_columns.Clone();
        columns[feature] = values;
        return new Frame(Schema, columns);
    }

    /// <summary>The rows at <paramref name="rows"/>, in that order (repeats allowed).</summary>
    public Frame SelectRows(ReadOnlySpan<int> rows)
    {
        var columns = new double[_columns.Length][];
        for (var j = 0; j < columns.Length; j++)
        {
            var source = _columns[j];
            var target = new double[rows.Length];
            for (var i = 0; i < rows.Length; i++) target[i] = source[rows[i]];
            columns[j] = target;
        }
        return new Frame(Schema, columns);
    }

    /// <summary>A copy of a column, for callers that build a modified frame.</summary>
    public double[] CopyColumn(int feature) => (double[])_columns[feature].Clone();

    private static void CheckCategoryCodes(FeatureSpec spec, double[] column)
    {
        var count = spec.Categories.Length;
        for (var i = 0; i < column.Length; i++)
        {
            var v = column[i];
            if (double.IsNaN(v)) continue;
            if (v < 0 || v >= count || v != Math.Floor(v))
                throw new DataFormatException($"Categorical feature '{spec.Name}', row {i}: expected a category index in 0..{count - 1} or NaN for missing; found {v}.");
        }
    }
}
