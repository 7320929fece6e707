using System.Text.Json;
using MathNet.Numerics.Statistics;
using MisuseLab.Learning.Data;

namespace MisuseLab.Study.Defects;

/// <param name="Column">Column whose values are blanked and refilled. Default <c>hours-per-week</c>.</param>
/// <param name="Rate">Share of eligible training rows blanked, in (0, 1]. Default 0.05.</param>
/// <param name="Mechanism"><c>mcar</c> (every row eligible) or <c>mar</c> (only rows where <paramref name="DependsOn"/> is <paramref name="When"/>).</param>
/// <param name="DependsOn">For <c>mar</c>: the categorical column that decides eligibility.</param>
/// <param name="When">For <c>mar</c>: the category of <paramref name="DependsOn"/> whose rows may lose their value.</param>
/// <param name="Imputation"><c>median</c> (default), <c>mean</c> (numeric columns) or <c>mode</c> (any column), computed from the values left after blanking.</param>
public sealed record MissingValuesParameters(
    string Column = "hours-per-week",
    double Rate = 0.05,
    string Mechanism = MissingValuesParameters.Mcar,
    string? DependsOn = null,
    string? When = null,
    string Imputation = MissingValuesParameters.Median) : DefectParameters
{
    public const string Name = "missing-values";
    public const string Mcar = "mcar";
    public const string Mar = "mar";
    public const string Median = "median";
    public const string Mean = "mean";
    public const string Mode = "mode";

    public override string DefectName => Name;

    public override void Validate(string path, List<DefectSpecError> errors)
    {
        CheckName(Column, "column", path, errors);
        CheckRate(Rate, path, errors);
        if (Mechanism is not (Mcar or Mar))
            errors.Add(new($"{path}.mechanism", $"expected \"{Mcar}\" (missing completely at random) or \"{Mar}\" (depending on another column); found \"{Mechanism}\"."));
        if (Mechanism == Mar)
        {
            CheckName(DependsOn, "dependsOn", path, errors);
            if (string.IsNullOrWhiteSpace(When)) errors.Add(new($"{path}.when", $"expected the category of '{DependsOn}' whose rows lose values (mechanism \"{Mar}\"); found nothing."));
        }
        else if (DependsOn is not null || When is not null)
            errors.Add(new($"{path}.{(DependsOn is not null ? "dependsOn" : "when")}", $"only applies to mechanism \"{Mar}\"; found mechanism \"{Mechanism}\". Remove the field or set \"mechanism\": \"{Mar}\"."));
        if (Imputation is not (Median or Mean or Mode))
            errors.Add(new($"{path}.imputation", $"expected \"{Median}\", \"{Mean}\" or \"{Mode}\"; found \"{Imputation}\"."));
    }

    public override void WriteFields(Utf8JsonWriter writer)
    {
        writer.WriteString("column", Column);
        writer.WriteNumber("rate", Rate);
        writer.WriteString("mechanism", Mechanism);
        if (DependsOn is not null) writer.WriteString("dependsOn", DependsOn);
        if (When is not null) writer.WriteString("when", When);
        writer.WriteString("imputation", Imputation);
    }

    public override IDefect CreateDefect(string path) => new MissingValues(this, path);

    internal static MissingValuesParameters Parse(DefectJsonReader json)
    {
        var d = new MissingValuesParameters();
        return new(json.String("column", d.Column), json.Number("rate", d.Rate), json.String("mechanism", d.Mechanism),
            json.OptionalString("dependsOn"), json.OptionalString("when"), json.String("imputation", d.Imputation));
    }
}

/// <summary>
/// Blanks a share of training values (completely at random, or only where another column has a given category)
/// and fills them with one naive statistic of the values left. The manifest shows original → filled value; the
/// transient blank is never in the data. Values already missing in the file are left alone: the defect adds
/// imputation, it does not clean the data.
/// </summary>
public sealed class MissingValues(MissingValuesParameters parameters, string path = "$") : IDefect
{
    public string Name => MissingValuesParameters.Name;
    public DefectParameters Parameters => parameters;

    public DefectResult Apply(DefectData input, Random random)
    {
        parameters.EnsureValid(path);
        var frame = input.Train;
        var j = FrameEdits.Column(frame.Schema, parameters.Column, null, $"{path}.column");
        var spec = frame.Schema[j];
        if (spec.IsCategorical && parameters.Imputation != MissingValuesParameters.Mode)
            throw new DefectSpecException($"{path}.imputation", $"expected \"{MissingValuesParameters.Mode}\" for categorical column '{spec.Name}'; found \"{parameters.Imputation}\", which needs numbers.");

        var eligible = EligibleRows(frame);
        var rows = RowSampler.Sample(random, eligible, RowSampler.CountFor(parameters.Rate, eligible.Length));

        var column = frame.CopyColumn(j);
        var before = new double[rows.Length];
        for (var i = 0; i < rows.Length; i++)
        {
            before[i] = column[rows[i]];
            column[rows[i]] = double.NaN;
        }
        var fill = FillValue(column, spec);
        var changes = new CellChange[rows.Length];
        for (var i = 0; i < rows.Length; i++)
        {
            column[rows[i]] = fill;
            changes[i] = new CellChange(DataSplit.Train, rows[i], spec.Name, ManifestValue.Of(spec, before[i]), ManifestValue.Of(spec, fill));
        }
        return new DefectResult(input.With(DataSplit.Train, frame.WithColumn(j, column)), changes, [], []);
    }

    private int[] EligibleRows(Frame frame)
    {
        var source = frame.Column(parameters.Column);
        var eligible = new List<int>(frame.RowCount);
        if (parameters.Mechanism == MissingValuesParameters.Mcar)
        {
            for (var r = 0; r < frame.RowCount; r++) if (!double.IsNaN(source[r])) eligible.Add(r);
            return [.. eligible];
        }
        var d = FrameEdits.Column(frame.Schema, parameters.DependsOn!, FeatureKind.Categorical, $"{path}.dependsOn");
        var category = frame.Schema[d].Categories.IndexOf(parameters.When!);
        if (category < 0)
            throw new DefectSpecException($"{path}.when", $"expected a category of '{parameters.DependsOn}' ({string.Join(", ", frame.Schema[d].Categories)}); found '{parameters.When}'.");
        var condition = frame.Column(d);
        for (var r = 0; r < frame.RowCount; r++)
            if (condition[r] == category && !double.IsNaN(source[r])) eligible.Add(r);
        if (eligible.Count == 0)
            throw new DefectSpecException($"{path}.when", $"expected training rows where '{parameters.DependsOn}' is '{parameters.When}'; found none.");
        return [.. eligible];
    }

    private double FillValue(double[] column, FeatureSpec spec)
    {
        var observed = column.Where(v => !double.IsNaN(v)).ToArray();
        if (observed.Length == 0)
            throw new DefectSpecException($"{path}.rate", $"expected some '{spec.Name}' values left to impute from; found none after blanking. Lower the rate.");
        return parameters.Imputation switch
        {
            MissingValuesParameters.Median => Statistics.Median(observed),
            MissingValuesParameters.Mean => Statistics.Mean(observed),
            _ => MostFrequent(observed),
        };
    }

    /// <summary>The most frequent value; ties go to the smallest, so the result does not depend on row order.</summary>
    private static double MostFrequent(double[] values)
    {
        var counts = new SortedDictionary<double, int>();
        foreach (var v in values) counts[v] = counts.GetValueOrDefault(v) + 1;
        return counts.MaxBy(kv => kv.Value).Key;
    }
}
