using System.Text.Json;
using MisuseLab.Learning.Data;

namespace MisuseLab.Study.Defects;

/// <param name="Column">Numeric column to overwrite. Default <c>age</c>.</param>
/// <param name="Rate">Share of training rows overwritten, in (0, 1]. Default 0.1 (Kaur et al.).</param>
/// <param name="Value">The value written. Default 38, the floored mean age of adult.data (38.58).</param>
/// <param name="When">Optional: only rows meeting this condition are eligible, and the rate is a share of them
/// (Kaur et al.: 10% of the rows with income &gt;50K). Without it every training row is eligible.</param>
public sealed record MeanImputedAgeParameters(string Column = "age", double Rate = 0.1, double Value = 38, RowCondition? When = null) : DefectParameters
{
    public const string Name = "mean-imputed-age";

    public override string DefectName => Name;

    public override void Validate(string path, List<DefectSpecError> errors)
    {
        CheckName(Column, "column", path, errors);
        CheckRate(Rate, path, errors);
        if (!double.IsFinite(Value)) errors.Add(new($"{path}.value", $"expected a finite number; found {Format(Value)}."));
        When?.Validate($"{path}.when", errors);
    }

    public override void WriteFields(Utf8JsonWriter writer)
    {
        writer.WriteString("column", Column);
        writer.WriteNumber("rate", Rate);
        writer.WriteNumber("value", Value);
        When?.WriteJson(writer, "when");
    }

    public override IDefect CreateDefect(string path) => new MeanImputedAge(this, path);

    internal static MeanImputedAgeParameters Parse(DefectJsonReader json)
    {
        var d = new MeanImputedAgeParameters();
        return new(json.String("column", d.Column), json.Number("rate", d.Rate), json.Number("value", d.Value),
            RowCondition.Parse(json.OptionalObject("when"), $"{json.Path}.when", json.Errors));
    }
}

/// <summary>
/// Overwrites a share of training rows of a numeric column with one value, as a careless mean imputation does:
/// the shape function then shows a spike at that value. Every sampled row is reported, including rows that
/// already held the value (before = after), so the manifest lists exactly round(rate × eligible rows) rows, where
/// the eligible rows are all training rows or, with a <see cref="RowCondition"/>, those that meet it.
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
        var rows = parameters.When is { } when
            ? Eligible(when, input.TrainLabels, random)
            : RowSampler.Sample(random, frame.RowCount, RowSampler.CountFor(parameters.Rate, frame.RowCount));

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

    private int[] Eligible(RowCondition when, bool[] labels, Random random)
    {
        var eligible = when.Rows(labels);
        if (eligible.Length == 0)
            throw new DefectSpecException($"{path}.when.label", $"expected training rows with income {when.Label}; found none.");
        return RowSampler.Sample(random, eligible, RowSampler.CountFor(parameters.Rate, eligible.Length));
    }
}
