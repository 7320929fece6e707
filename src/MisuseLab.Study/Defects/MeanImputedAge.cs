using System.Text.Json;
using MisuseLab.Learning.Data;

namespace MisuseLab.Study.Defects;

/// <param name="Column">Numeric column to overwrite. Default <c>age</c>.</param>
/// <param name="Rate">Share of training rows overwritten, in (0, 1]. Default 0.1 (Kaur et al.).</param>
/// <param name="Value">The value written. Default 38, the floored mean age of adult.data (38.58).</param>
public sealed record MeanImputedAgeParameters(string Column = "age", double Rate = 0.1, double Value = 38) : DefectParameters
{
    public const string Name = "mean-imputed-age";

    public override string DefectName => Name;

    public override void Validate(string path, List<DefectSpecError> errors)
    {
        CheckName(Column, "column", path, errors);
        CheckRate(Rate, path, errors);
        if (!double.IsFinite(Value)) errors.Add(new($"{path}.value", $"expected a finite number; found {Format(Value)}."));
    }

    public override void WriteFields(Utf8JsonWriter writer)
    {
        writer.WriteString("column", Column);
        writer.WriteNumber("rate", Rate);
        writer.WriteNumber("value", Value);
    }

    public override IDefect CreateDefect(string path) => new MeanImputedAge(this, path);

    internal static MeanImputedAgeParameters Parse(DefectJsonReader json)
    {
        var d = new MeanImputedAgeParameters();
        return new(json.String("column", d.Column), json.Number("rate", d.Rate), json.Number("value", d.Value));
    }
}

/// <summary>
/// Overwrites a share of training rows of a numeric column with one value, as a careless mean imputation does:
/// the shape function then shows a spike at that value. Every sampled row is reported, including rows that
/// already held the value (before = after), so the manifest lists exactly round(rate × rows) rows.
/// </summary>
public sealed class MeanImputedAge(MeanImputedAgeParameters parameters, string path = "$") : IDefect
{
    public string Name => MeanImputedAgeParameters.Name;
    public DefectParameters Parameters => parameters;

    public DefectResult Apply(DefectData input, Random random)
    {
        parameters.EnsureValid(path);
        var frame = input.Train;
        var j = FrameEdits.Column(frame.Schema, parameters.Column, FeatureKind.Numeric, $"{path}.column");
        var spec = frame.Schema[j];
        var rows = RowSampler.Sample(random, frame.RowCount, RowSampler.CountFor(parameters.Rate, frame.RowCount));

        var column = frame.CopyColumn(j);
        var after = ManifestValue.Of(spec, parameters.Value);
        var changes = new CellChange[rows.Length];
        for (var i = 0; i < rows.Length; i++)
        {
            var r = rows[i];
            changes[i] = new CellChange(DataSplit.Train, r, spec.Name, ManifestValue.Of(spec, column[r]), after);
            column[r] = parameters.Value;
        }
        return new DefectResult(input.With(DataSplit.Train, frame.WithColumn(j, column)), changes, [], []);
    }
}
