using System.Text.Json;
using MisuseLab.Learning.Data;

namespace MisuseLab.Study.Defects;

/// <param name="Column">Test column that drifts. Default <c>age</c>.</param>
/// <param name="Rate">Share of test rows that drift, in (0, 1]. Default 0.2.</param>
/// <param name="Shift">For a numeric column: added to the sampled values. Default 5 (years: an older population, as if the test data were collected later).</param>
/// <param name="NewCategory">For a categorical column instead of a shift: a category unseen in training given to the sampled rows.</param>
public sealed record DataDriftParameters(string Column = "age", double Rate = 0.2, double? Shift = 5, string? NewCategory = null) : DefectParameters
{
    public const string Name = "data-drift";

    public override string DefectName => Name;

    public override void Validate(string path, List<DefectSpecError> errors)
    {
        CheckName(Column, "column", path, errors);
        CheckRate(Rate, path, errors);
        if (Shift is not null && NewCategory is not null)
            errors.Add(new($"{path}.newCategory", "expected either \"shift\" (numeric column) or \"newCategory\" (categorical column); found both."));
        else if (Shift is null && NewCategory is null)
            errors.Add(new($"{path}.shift", "expected \"shift\" (numeric column) or \"newCategory\" (categorical column); found neither."));
        if (Shift is { } s && (!double.IsFinite(s) || s == 0))
            errors.Add(new($"{path}.shift", $"expected a finite non-zero number; found {Format(s)}."));
        if (NewCategory is not null && string.IsNullOrWhiteSpace(NewCategory))
            errors.Add(new($"{path}.newCategory", "expected a category name; found an empty string."));
    }

    public override void WriteFields(Utf8JsonWriter writer)
    {
        writer.WriteString("column", Column);
        writer.WriteNumber("rate", Rate);
        if (Shift is { } s) writer.WriteNumber("shift", s);
        if (NewCategory is not null) writer.WriteString("newCategory", NewCategory);
    }

    public override IDefect CreateDefect(string path) => new DataDrift(this, path);

    internal static DataDriftParameters Parse(DefectJsonReader json)
    {
        var d = new DataDriftParameters();
        var shift = json.OptionalNumber("shift");
        var category = json.OptionalString("newCategory");
        // The default shift applies only when neither kind of drift is named.
        return new(json.String("column", d.Column), json.Number("rate", d.Rate), shift ?? (category is null ? d.Shift : null), category);
    }
}

/// <summary>
/// Shifts the test data away from the training data: a numeric column moves by a constant for a share of rows
/// (rows with a missing value are not eligible), or a categorical column gains a category unseen in training for
/// a share of rows. Training data is untouched, except that a new category is appended to the shared schema.
/// </summary>
public sealed class DataDrift(DataDriftParameters parameters, string path = "$") : IDefect
{
    public string Name => DataDriftParameters.Name;
    public DefectParameters Parameters => parameters;

    public DefectResult Apply(DefectData input, Random random)
    {
        parameters.EnsureValid(path);
        var kind = parameters.Shift is null ? FeatureKind.Categorical : FeatureKind.Numeric;
        var j = FrameEdits.Column(input.Schema, parameters.Column, kind, $"{path}.column");
        return kind == FeatureKind.Numeric ? ApplyShift(input, j, random) : ApplyNewCategory(input, j, random);
    }

    private DefectResult ApplyShift(DefectData input, int j, Random random)
    {
        var test = input.Test;
        var spec = test.Schema[j];
        var column = test.CopyColumn(j);
        var eligible = Enumerable.Range(0, column.Length).Where(r => !double.IsNaN(column[r])).ToArray();
        var rows = RowSampler.Sample(random, eligible, RowSampler.CountFor(parameters.Rate, eligible.Length));
        var changes = new CellChange[rows.Length];
        for (var i = 0; i < rows.Length; i++)
        {
            var r = rows[i];
            var after = column[r] + parameters.Shift!.Value;
            changes[i] = new CellChange(DataSplit.Test, r, spec.Name, ManifestValue.Of(spec, column[r]), ManifestValue.Of(spec, after));
            column[r] = after;
        }
        return new DefectResult(input.With(DataSplit.Test, test.WithColumn(j, column)), changes, [], []);
    }

    private DefectResult ApplyNewCategory(DefectData input, int j, Random random)
    {
        var old = input.Schema[j];
        if (old.Categories.Contains(parameters.NewCategory!))
            throw new DefectSpecException($"{path}.newCategory", $"expected a category unseen in '{old.Name}'; found '{parameters.NewCategory}', which it already has.");
        var feature = FeatureSpec.Categorical(old.Name, [.. old.Categories, parameters.NewCategory!]);
        var code = old.Categories.Length;
        var column = input.Test.CopyColumn(j);
        var rows = RowSampler.Sample(random, column.Length, RowSampler.CountFor(parameters.Rate, column.Length));
        var changes = new CellChange[rows.Length];
        for (var i = 0; i < rows.Length; i++)
        {
            var r = rows[i];
            changes[i] = new CellChange(DataSplit.Test, r, old.Name, ManifestValue.Of(old, column[r]), ManifestValue.Of(feature, code));
            column[r] = code;
        }
        var train = FrameEdits.ReplaceColumn(input.Train, j, feature, input.Train.CopyColumn(j));
        var test = FrameEdits.ReplaceColumn(input.Test, j, feature, column);
        return new DefectResult(
            new DefectData(train, input.TrainLabels, test, input.TestLabels),
            changes, [], [new ColumnChange(ColumnChangeKind.CategoryAdded, old.Name, feature, old.Name, $"category '{parameters.NewCategory}' appended (code {code}); earlier codes unchanged")]);
    }
}
