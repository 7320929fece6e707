using System.Text.Json;
using MisuseLab.Learning.Data;

namespace MisuseLab.Study.Defects;

/// <param name="Source">Existing column to duplicate. Default <c>capital-gain</c>.</param>
/// <param name="NewColumn">Name of the added column. Default <c>capital-gain-thousands</c>.</param>
/// <param name="Scale">new = Offset + Scale × source for a numeric source; must be 1 for a categorical one (a renamed copy). Default 0.001.</param>
/// <param name="Offset">See <paramref name="Scale"/>; must be 0 for a categorical source. Default 0.</param>
/// <remarks>
/// Kaur et al. relied on Adult's own pair education / education-num; every Adult model already has that pair, so
/// the kaur2020 preset injects one more of the same kind that the manifest records: capital gain re-expressed in
/// thousands of dollars, as when two sources report one quantity in different units. It is a strong feature, so
/// the split of importance between the two copies is visible in every explanation.
/// </remarks>
public sealed record RedundantFeatureParameters(
    string Source = "capital-gain",
    string NewColumn = "capital-gain-thousands",
    double Scale = 0.001,
    double Offset = 0) : DefectParameters
{
    public const string Name = "redundant-feature";

    public override string DefectName => Name;

    public override void Validate(string path, List<DefectSpecError> errors)
    {
        CheckName(Source, "source", path, errors);
        CheckName(NewColumn, "newColumn", path, errors);
        if (!double.IsFinite(Scale) || Scale == 0)
            errors.Add(new($"{path}.scale", $"expected a finite non-zero number (0 would make a constant, not a redundant copy); found {Format(Scale)}."));
        if (!double.IsFinite(Offset)) errors.Add(new($"{path}.offset", $"expected a finite number; found {Format(Offset)}."));
        if (Source == NewColumn) errors.Add(new($"{path}.newColumn", $"expected a name other than the source's; found '{NewColumn}' for both."));
    }

    public override void WriteFields(Utf8JsonWriter writer)
    {
        writer.WriteString("source", Source);
        writer.WriteString("newColumn", NewColumn);
        writer.WriteNumber("scale", Scale);
        writer.WriteNumber("offset", Offset);
    }

    public override IDefect CreateDefect(string path) => new RedundantFeature(this, path);

    internal static RedundantFeatureParameters Parse(DefectJsonReader json)
    {
        var d = new RedundantFeatureParameters();
        return new(json.String("source", d.Source), json.String("newColumn", d.NewColumn), json.Number("scale", d.Scale), json.Number("offset", d.Offset));
    }
}

/// <summary>Appends a re-encoded (or renamed) copy of a column to both splits, splitting its importance between the two.</summary>
public sealed class RedundantFeature(RedundantFeatureParameters parameters, string path = "$") : IDefect
{
    public string Name => RedundantFeatureParameters.Name;
    public DefectParameters Parameters => parameters;

    public DefectResult Apply(DefectData input, Random random)
    {
        parameters.EnsureValid(path);
        var schema = input.Schema;
        var s = FrameEdits.Column(schema, parameters.Source, null, $"{path}.source");
        if (schema.TryIndexOf(parameters.NewColumn, out _))
            throw new DefectSpecException($"{path}.newColumn", $"expected a name not yet in the data; found '{parameters.NewColumn}', which exists.");
        var source = schema[s];
        if (source.IsCategorical && (parameters.Scale != 1 || parameters.Offset != 0))
            throw new DefectSpecException($"{path}.scale", $"expected scale 1 and offset 0 for categorical source '{source.Name}' (a renamed copy); found scale {parameters.Scale}, offset {parameters.Offset}.");

        var feature = new FeatureSpec(parameters.NewColumn, source.Kind, source.Categories);
        var train = FrameEdits.AddColumn(input.Train, feature, Derive(input.Train.Column(s)));
        var test = FrameEdits.AddColumn(input.Test, feature, Derive(input.Test.Column(s)));
        var rule = source.IsCategorical
            ? $"{parameters.NewColumn} = {source.Name}"
            : $"{parameters.NewColumn} = {parameters.Offset.ToString("R", System.Globalization.CultureInfo.InvariantCulture)} + {parameters.Scale.ToString("R", System.Globalization.CultureInfo.InvariantCulture)} * {source.Name}";
        return new DefectResult(
            new DefectData(train, input.TrainLabels, test, input.TestLabels),
            [], [], [new ColumnChange(ColumnChangeKind.Added, parameters.NewColumn, feature, source.Name, rule)]);
    }

    /// <summary>The derived values; public so that tests and analyses recompute exactly what was injected.</summary>
    public double[] Derive(ReadOnlySpan<double> source)
    {
        // A categorical source has scale 1 and offset 0, so its codes come through unchanged; NaN stays NaN.
        var values = new double[source.Length];
        for (var i = 0; i < values.Length; i++) values[i] = parameters.Offset + parameters.Scale * source[i];
        return values;
    }
}
