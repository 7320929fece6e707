using System.Text.Json;
using MisuseLab.Learning.Data;

namespace MisuseLab.Study.Defects;

/// <param name="Column">Categorical column. Default <c>workclass</c>.</param>
/// <param name="Category">The category whose rows are respelled. Default <c>Federal-gov</c>.</param>
/// <param name="Labels">The spellings its rows end up with, the original among them or not; new ones are appended to
/// the column's categories. Default Federal-gov, Federal-employee, Federal-worker (Kaur et al., Table 1:
/// "Federal Employee / Federal Worker / Federal Govt").</param>
/// <param name="Shares">Optional share of the category's rows per label, summing to 1; default equal shares.</param>
public sealed record RelabelledCategoryParameters : DefectParameters
{
    public const string Name = "relabelled-category";

    public RelabelledCategoryParameters(string column = "workclass", string category = "Federal-gov", string[]? labels = null, double[]? shares = null)
    {
        Column = column;
        Category = category;
        Labels = labels ?? ["Federal-gov", "Federal-employee", "Federal-worker"];
        Shares = shares;
    }

    public string Column { get; init; }
    public string Category { get; init; }
    public string[] Labels { get; init; }
    public double[]? Shares { get; init; }

    public override string DefectName => Name;

    public override void Validate(string path, List<DefectSpecError> errors)
    {
        CheckName(Column, "column", path, errors);
        if (string.IsNullOrWhiteSpace(Category)) errors.Add(new($"{path}.category", "expected the category to respell; found an empty string."));
        if (Labels.Length < 2) errors.Add(new($"{path}.labels", $"expected at least two spellings to split the category into; found {Labels.Length}."));
        for (var i = 0; i < Labels.Length; i++)
        {
            if (string.IsNullOrWhiteSpace(Labels[i])) errors.Add(new($"{path}.labels[{i}]", "expected a non-empty label; found an empty string."));
            else if (Array.IndexOf(Labels, Labels[i]) < i) errors.Add(new($"{path}.labels[{i}]", $"expected distinct labels; found '{Labels[i]}' again."));
        }
        if (Shares is null) return;
        if (Shares.Length != Labels.Length)
            errors.Add(new($"{path}.shares", $"expected one share per label ({Labels.Length}); found {Shares.Length}."));
        for (var i = 0; i < Shares.Length; i++)
            if (!(Shares[i] > 0 && Shares[i] <= 1)) errors.Add(new($"{path}.shares[{i}]", $"expected a share in (0, 1]; found {Format(Shares[i])}."));
        if (Shares.All(s => s > 0) && Math.Abs(Shares.Sum() - 1) > 1e-9)
            errors.Add(new($"{path}.shares", $"expected shares summing to 1; found {Format(Shares.Sum())}."));
    }

    public override void WriteFields(Utf8JsonWriter writer)
    {
        writer.WriteString("column", Column);
        writer.WriteString("category", Category);
        writer.WriteStartArray("labels");
        foreach (var l in Labels) writer.WriteStringValue(l);
        writer.WriteEndArray();
        writer.WriteStartArray("shares");
        foreach (var s in EffectiveShares()) writer.WriteNumberValue(s);
        writer.WriteEndArray();
    }

    public override IDefect CreateDefect(string path) => new RelabelledCategory(this, path);

    public double[] EffectiveShares() => Shares ?? [.. Labels.Select(_ => 1.0 / Labels.Length)];

    /// <summary>
    /// How many of <paramref name="rows"/> rows get each label: round(share × rows) for all labels but the last,
    /// which takes the rest, so the counts always add up to the category's rows.
    /// </summary>
    public int[] Counts(int rows)
    {
        var shares = EffectiveShares();
        var counts = new int[shares.Length];
        var left = rows;
        for (var k = 0; k < counts.Length - 1; k++)
        {
            counts[k] = Math.Min(left, RowSampler.CountFor(shares[k], rows));
            left -= counts[k];
        }
        counts[^1] = left;
        return counts;
    }

    internal static RelabelledCategoryParameters Parse(DefectJsonReader json)
    {
        var d = new RelabelledCategoryParameters();
        return new(json.String("column", d.Column), json.String("category", d.Category), json.OptionalStrings("labels"), json.OptionalNumbers("shares"));
    }
}

/// <summary>
/// Splits one category into several spellings of the same thing, as data merged from forms that spelled it
/// differently would hold: each row of the category gets one of the labels, in the given shares, in both splits
/// (the inconsistency is in how the data was collected, not in one split). The model then sees several weaker
/// categories instead of one; the manifest lists every row whose spelling changed and the categories appended.
/// </summary>
public sealed class RelabelledCategory(RelabelledCategoryParameters parameters, string path = "$") : IDefect
{
    public string Name => RelabelledCategoryParameters.Name;
    public DefectParameters Parameters => parameters;

    public DefectResult Apply(DefectData input, Random random)
    {
        parameters.EnsureValid(path);
        var j = FrameEdits.Column(input.Schema, parameters.Column, FeatureKind.Categorical, $"{path}.column");
        var old = input.Schema[j];
        var source = old.Categories.IndexOf(parameters.Category);
        if (source < 0)
            throw new DefectSpecException($"{path}.category", $"expected a category of '{old.Name}' ({string.Join(", ", old.Categories)}); found '{parameters.Category}'.");
        var added = parameters.Labels.Where(l => !old.Categories.Contains(l)).ToArray();
        var feature = FeatureSpec.Categorical(old.Name, [.. old.Categories, .. added]);
        var codes = parameters.Labels.Select(l => (double)feature.Categories.IndexOf(l)).ToArray();

        var changes = new List<CellChange>();
        var train = Relabel(input.Train, DataSplit.Train);
        var test = Relabel(input.Test, DataSplit.Test);
        var rule = $"rows of '{parameters.Category}' split into {string.Join(", ", parameters.Labels.Select(l => $"'{l}'"))}; appended {string.Join(", ", added.Select(l => $"'{l}'"))}; earlier codes unchanged";
        ColumnChange[] columnChanges = added.Length == 0 ? [] : [new ColumnChange(ColumnChangeKind.CategoryAdded, old.Name, feature, old.Name, rule)];
        return new DefectResult(new DefectData(train, input.TrainLabels, test, input.TestLabels), changes, [], columnChanges);

        Frame Relabel(Frame frame, DataSplit split)
        {
            var column = frame.CopyColumn(j);
            var rows = new List<int>();
            for (var r = 0; r < column.Length; r++) if (column[r] == source) rows.Add(r);
            var order = Shuffle([.. rows], random);
            var counts = parameters.Counts(order.Length);
            var assigned = new double[column.Length];
            var next = 0;
            for (var k = 0; k < counts.Length; k++)
                for (var n = 0; n < counts[k]; n++) assigned[order[next++]] = codes[k];
            // Listed in row order, only rows whose spelling changed: rows keeping the original spelling are untouched.
            foreach (var r in rows)
            {
                if (assigned[r] == source) continue;
                changes.Add(new CellChange(split, r, old.Name, ManifestValue.Of(feature, source), ManifestValue.Of(feature, assigned[r])));
                column[r] = assigned[r];
            }
            return FrameEdits.ReplaceColumn(frame, j, feature, column);
        }
    }

    /// <summary>A seeded Fisher–Yates permutation, so which row gets which label depends only on the seed.</summary>
    private static int[] Shuffle(int[] rows, Random random)
    {
        for (var i = rows.Length - 1; i > 0; i--)
        {
            var k = random.Next(i + 1);
            (rows[i], rows[k]) = (rows[k], rows[i]);
        }
        return rows;
    }
}
