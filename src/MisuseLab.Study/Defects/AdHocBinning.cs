using System.Globalization;
using System.Text.Json;
using MisuseLab.Learning.Data;

namespace MisuseLab.Study.Defects;

/// <param name="column">Numeric column replaced, in both splits, by a categorical one of the same name. Default <c>education-num</c>.</param>
/// <param name="cuts">Strictly increasing cut points; value v falls in bin k = number of cuts ≤ v. Default 9, 11, 13.</param>
/// <param name="labels">One category name per bin (cuts + 1); default interval names such as <c>[9, 11)</c>.</param>
/// <remarks>
/// The default cuts are deliberately arbitrary: 11 separates Assoc-voc from Some-college and 9 puts HS-grad with
/// everything above it, as a hand-made "education level" column might. Column chosen apart from the other defects'.
/// </remarks>
public sealed record AdHocBinningParameters : DefectParameters
{
    public const string Name = "ad-hoc-binning";

    public AdHocBinningParameters(string column = "education-num", double[]? cuts = null, string[]? labels = null)
    {
        Column = column;
        Cuts = cuts ?? [9, 11, 13];
        Labels = labels;
    }

    public string Column { get; init; }
    public double[] Cuts { get; init; }
    public string[]? Labels { get; init; }

    public override string DefectName => Name;

    public override void Validate(string path, List<DefectSpecError> errors)
    {
        CheckName(Column, "column", path, errors);
        if (Cuts.Length == 0) errors.Add(new($"{path}.cuts", "expected at least one cut point; found an empty array."));
        for (var i = 0; i < Cuts.Length; i++)
        {
            if (!double.IsFinite(Cuts[i])) errors.Add(new($"{path}.cuts[{i}]", $"expected a finite number; found {Format(Cuts[i])}."));
            else if (i > 0 && !(Cuts[i] > Cuts[i - 1])) errors.Add(new($"{path}.cuts[{i}]", $"expected a cut greater than the previous one ({Format(Cuts[i - 1])}); found {Format(Cuts[i])}. Cuts must strictly increase."));
        }
        if (Labels is null) return;
        if (Labels.Length != Cuts.Length + 1)
            errors.Add(new($"{path}.labels", $"expected one label per bin ({Cuts.Length + 1} for {Cuts.Length} cuts); found {Labels.Length}."));
        for (var i = 0; i < Labels.Length; i++)
        {
            if (string.IsNullOrWhiteSpace(Labels[i])) errors.Add(new($"{path}.labels[{i}]", "expected a non-empty label; found an empty string."));
            else if (Array.IndexOf(Labels, Labels[i]) < i) errors.Add(new($"{path}.labels[{i}]", $"expected distinct labels; found '{Labels[i]}' again."));
        }
    }

    public override void WriteFields(Utf8JsonWriter writer)
    {
        writer.WriteString("column", Column);
        writer.WriteStartArray("cuts");
        foreach (var c in Cuts) writer.WriteNumberValue(c);
        writer.WriteEndArray();
        writer.WriteStartArray("labels");
        foreach (var l in BinLabels()) writer.WriteStringValue(l);
        writer.WriteEndArray();
    }

    public override IDefect CreateDefect(string path) => new AdHocBinning(this, path);

    /// <summary>The category names, given or derived from the cuts: <c>(-inf, 9)</c>, <c>[9, 11)</c>, …, <c>[13, inf)</c>.</summary>
    public string[] BinLabels()
    {
        if (Labels is not null) return Labels;
        var labels = new string[Cuts.Length + 1];
        for (var k = 0; k <= Cuts.Length; k++)
        {
            var low = k == 0 ? "(-inf" : "[" + Cuts[k - 1].ToString("R", CultureInfo.InvariantCulture);
            var high = k == Cuts.Length ? "inf)" : Cuts[k].ToString("R", CultureInfo.InvariantCulture) + ")";
            labels[k] = $"{low}, {high}";
        }
        return labels;
    }

    /// <summary>The bin of <paramref name="value"/>: the number of cuts ≤ it; NaN stays missing.</summary>
    public double BinOf(double value)
    {
        if (double.IsNaN(value)) return double.NaN;
        var k = 0;
        while (k < Cuts.Length && Cuts[k] <= value) k++;
        return k;
    }

    internal static AdHocBinningParameters Parse(DefectJsonReader json) =>
        new(json.String("column", new AdHocBinningParameters().Column), json.OptionalNumbers("cuts"), json.OptionalStrings("labels"));
}

/// <summary>
/// Replaces a continuous column by arbitrary bins in both splits (same name and position, now categorical), so
/// shape functions become steps at cut points chosen by hand. Reported as one column change (every row is affected;
/// each row's category follows from its old value by the recorded cuts), not as one entry per cell.
/// </summary>
public sealed class AdHocBinning(AdHocBinningParameters parameters, string path = "$") : IDefect
{
    public string Name => AdHocBinningParameters.Name;
    public DefectParameters Parameters => parameters;

    public DefectResult Apply(DefectData input, Random random)
    {
        parameters.EnsureValid(path);
        var j = FrameEdits.Column(input.Schema, parameters.Column, FeatureKind.Numeric, $"{path}.column");
        var feature = FeatureSpec.Categorical(parameters.Column, parameters.BinLabels());
        var train = FrameEdits.ReplaceColumn(input.Train, j, feature, Bin(input.Train.Column(j)));
        var test = FrameEdits.ReplaceColumn(input.Test, j, feature, Bin(input.Test.Column(j)));
        var rule = $"bin = number of cuts <= value; cuts [{string.Join(", ", parameters.Cuts.Select(c => c.ToString("R", CultureInfo.InvariantCulture)))}]";
        return new DefectResult(
            new DefectData(train, input.TrainLabels, test, input.TestLabels),
            [], [], [new ColumnChange(ColumnChangeKind.Replaced, parameters.Column, feature, parameters.Column, rule)]);
    }

    private double[] Bin(ReadOnlySpan<double> values)
    {
        var bins = new double[values.Length];
        for (var i = 0; i < bins.Length; i++) bins[i] = parameters.BinOf(values[i]);
        return bins;
    }
}
