using System.Text.Json;
using MisuseLab.Learning.Data;
using MisuseLab.Study.Defects;

namespace MisuseLab.Study.Remedies;

/// <summary>
/// Treats one value of a numeric column as missing in the training data (e.g. age 38 written by a careless mean
/// imputation). Every training row holding the value loses it, the genuine ones too: that is the fix's real cost.
/// </summary>
public sealed record MissingValueFix(string Column, double Value) : RemedyFix
{
    public const string Name = "missing-value";
    public override string Op => Name;

    public override void Validate(string path, List<DefectSpecError> errors)
    {
        CheckColumn(Column, path, errors);
        if (!double.IsFinite(Value)) errors.Add(new($"{path}.value", $"expected a finite number; found {Value}."));
    }

    public override void WriteFields(Utf8JsonWriter writer)
    {
        writer.WriteString("column", Column);
        writer.WriteNumber("value", Value);
    }

    public override RemedyData Apply(RemedyData data, RemedyContext context, string path)
    {
        var j = ColumnIndex(data, Column, path, numeric: true);
        var column = data.Train.CopyColumn(j);
        for (var i = 0; i < column.Length; i++)
            if (column[i] == Value) column[i] = double.NaN;
        return new RemedyData(data.Train.WithColumn(j, column), data.TrainLabels, data.TrainRows, data.Test, data.TestLabels);
    }

    internal static MissingValueFix Parse(DefectJsonReader json) => new(json.String("column", ""), json.Number("value", double.NaN));
}

/// <summary>Removes a column from both splits (a redundant copy, or a feature one distrusts).</summary>
public sealed record DropColumnFix(string Column) : RemedyFix
{
    public const string Name = "drop-column";
    public override string Op => Name;

    public override void Validate(string path, List<DefectSpecError> errors) => CheckColumn(Column, path, errors);

    public override void WriteFields(Utf8JsonWriter writer) => writer.WriteString("column", Column);

    public override RemedyData Apply(RemedyData data, RemedyContext context, string path)
    {
        var j = ColumnIndex(data, Column, path);
        return new RemedyData(Without(data.Train, j), data.TrainLabels, data.TrainRows, Without(data.Test, j), data.TestLabels);
    }

    private static Frame Without(Frame frame, int j)
    {
        var keep = Enumerable.Range(0, frame.ColumnCount).Where(c => c != j).ToArray();
        return new Frame(new FeatureSchema(keep.Select(c => frame.Schema[c])), [.. keep.Select(frame.CopyColumn)]);
    }

    internal static DropColumnFix Parse(DefectJsonReader json) => new(json.String("column", ""));
}

/// <summary>
/// Keeps the first of every set of identical training rows (every feature and the label equal; missing equals
/// missing). Adult has a few genuine repeats, which go too, as they would in a real project.
/// </summary>
public sealed record DropDuplicateRowsFix : RemedyFix
{
    public const string Name = "drop-duplicate-rows";
    public override string Op => Name;

    public override void Validate(string path, List<DefectSpecError> errors) { }

    public override void WriteFields(Utf8JsonWriter writer) { }

    public override RemedyData Apply(RemedyData data, RemedyContext context, string path)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var keep = new List<int>(data.Train.RowCount);
        var row = new double[data.Train.ColumnCount];
        for (var i = 0; i < data.Train.RowCount; i++)
        {
            data.Train.CopyRow(i, row);
            // Round-trip text of every value: exact equality, NaN equal to NaN.
            var key = string.Join('|', row.Select(v => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture))) + (data.TrainLabels[i] ? "|1" : "|0");
            if (seen.Add(key)) keep.Add(i);
        }
        return keep.Count == data.Train.RowCount ? data : data.KeepTrainRows([.. keep]);
    }

    internal static DropDuplicateRowsFix Parse(DefectJsonReader json) => new();
}

/// <summary>
/// Goes back to the source for one column: its raw Adult values in both splits (e.g. years of education instead of a
/// hand-made binning). Values of that column changed by any defect are restored too, since the source never had them.
/// </summary>
public sealed record RestoreColumnFix(string Column) : RemedyFix
{
    public const string Name = "restore-column";
    public override string Op => Name;

    public override void Validate(string path, List<DefectSpecError> errors) => CheckColumn(Column, path, errors);

    public override void WriteFields(Utf8JsonWriter writer) => writer.WriteString("column", Column);

    public override RemedyData Apply(RemedyData data, RemedyContext context, string path)
    {
        var j = ColumnIndex(data, Column, path);
        if (!context.Original.Schema.TryIndexOf(Column, out var source))
            throw new DefectSpecException($"{path}.column", $"expected a column of the raw data ({string.Join(", ", context.Original.Schema.Select(f => f.Name))}); found '{Column}', which a defect added.");
        var raw = context.Original.Train.Column(source);
        var train = new double[data.Train.RowCount];
        for (var i = 0; i < train.Length; i++) train[i] = raw[context.OriginalTrainRow[data.TrainRows[i]]];
        var feature = context.Original.Schema[source];
        return new RemedyData(Replace(data.Train, j, feature, train), data.TrainLabels, data.TrainRows,
            Replace(data.Test, j, feature, context.Original.Test.CopyColumn(source)), data.TestLabels);
    }

    private static Frame Replace(Frame frame, int j, FeatureSpec feature, double[] values)
    {
        var specs = frame.Schema.ToArray();
        specs[j] = feature;
        return new Frame(new FeatureSchema(specs), [.. Enumerable.Range(0, frame.ColumnCount).Select(c => c == j ? values : frame.CopyColumn(c))]);
    }

    internal static RestoreColumnFix Parse(DefectJsonReader json) => new(json.String("column", ""));
}

/// <summary>
/// Drops training rows whose label the unfixed model finds implausible: its probability of the recorded label is
/// below <see cref="Threshold"/> (a one-model form of confident learning). Genuine surprises go too.
/// </summary>
public sealed record DropSuspectedLabelNoiseFix(double Threshold = 0.05) : RemedyFix
{
    public const string Name = "drop-suspected-label-noise";
    public override string Op => Name;

    public override void Validate(string path, List<DefectSpecError> errors)
    {
        if (!(Threshold > 0 && Threshold < 0.5)) errors.Add(new($"{path}.threshold", $"expected a probability in (0, 0.5), such as 0.05; found {Threshold}."));
    }

    public override void WriteFields(Utf8JsonWriter writer) => writer.WriteNumber("threshold", Threshold);

    public override RemedyData Apply(RemedyData data, RemedyContext context, string path)
    {
        var keep = new List<int>(data.Train.RowCount);
        for (var i = 0; i < data.Train.RowCount; i++)
        {
            var p = context.UnfixedTrainProbabilities[data.TrainRows[i]];
            var ofLabel = data.TrainLabels[i] ? p : 1 - p;
            if (ofLabel >= Threshold) keep.Add(i);
        }
        return keep.Count == data.Train.RowCount ? data : data.KeepTrainRows([.. keep]);
    }

    internal static DropSuspectedLabelNoiseFix Parse(DefectJsonReader json) => new(json.Number("threshold", new DropSuspectedLabelNoiseFix().Threshold));
}
