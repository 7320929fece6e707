using System.Text.Encodings.Web;
using System.Text.Json;
using MisuseLab.Learning.Data;

namespace MisuseLab.Study.Defects;

/// <summary>Per-defect counts, as <c>misuselab inject</c> prints them.</summary>
public sealed record DefectCounts(
    string Name,
    int AffectedCells,
    int ChangedCells,
    int AddedRows,
    int AddedColumns,
    int ReplacedColumns,
    int AddedCategories)
{
    public static DefectCounts Of(DefectStep step)
    {
        var r = step.Result;
        return new(step.Spec.Name, r.Changes.Count, r.Changes.Count(c => c.ChangesValue), r.AddedRows.Count,
            r.ColumnChanges.Count(c => c.Kind == ColumnChangeKind.Added),
            r.ColumnChanges.Count(c => c.Kind == ColumnChangeKind.Replaced),
            r.ColumnChanges.Where(c => c.Kind == ColumnChangeKind.CategoryAdded).Sum(c => CategoriesAdded(step.Before, c)));
    }

    /// <summary>A column change may append several categories (a relabelled category adds one per new spelling).</summary>
    private static int CategoriesAdded(DefectData before, ColumnChange change) =>
        change.Feature.Categories.Length - before.Schema[before.Schema.IndexOf(change.Column)].Categories.Length;
}

/// <summary>
/// The record of a defect run, as canonical JSON (fixed field order, shortest round-trip numbers, rows ascending
/// within each defect): per defect its parameters, its generator's seed, counts, every cell set
/// (<c>{split, row, column, before, after}</c>; categories and labels by name, missing as null), every row added
/// and every column added or re-encoded. Applied in order to the original data, it reproduces the final data.
/// </summary>
public static class DefectManifest
{
    public const string Format = "misuselab-defect-manifest/1";

    private static readonly JsonWriterOptions Options = new()
    {
        Indented = true,
        // Fixed, not Environment.NewLine: the same run gives the same bytes on every OS.
        NewLine = "\n",
        // Category names such as "<=50K" and "Trinadad&Tobago" stay legible.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static void Write(DefectRun run, Stream stream)
    {
        using var w = new Utf8JsonWriter(stream, Options);
        w.WriteStartObject();
        w.WriteString("format", Format);
        w.WriteNumber("seed", run.Seed);
        WriteShape(w, "original", run.Original);
        WriteShape(w, "final", run.Final);
        w.WriteStartArray("defects");
        foreach (var step in run.Steps) WriteStep(w, step);
        w.WriteEndArray();
        w.WriteEndObject();
    }

    public static string ToJson(DefectRun run)
    {
        using var stream = new MemoryStream();
        Write(run, stream);
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    public static void WriteFile(DefectRun run, string path)
    {
        var full = Path.GetFullPath(path);
        if (Path.GetDirectoryName(full) is { Length: > 0 } dir) Directory.CreateDirectory(dir);
        using var file = File.Create(full);
        Write(run, file);
    }

    private static void WriteShape(Utf8JsonWriter w, string name, DefectData data)
    {
        w.WriteStartObject(name);
        w.WriteNumber("train_rows", data.Train.RowCount);
        w.WriteNumber("test_rows", data.Test.RowCount);
        w.WriteStartArray("columns");
        foreach (var f in data.Schema) w.WriteStringValue(f.Name);
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteStep(Utf8JsonWriter w, DefectStep step)
    {
        var counts = DefectCounts.Of(step);
        w.WriteStartObject();
        w.WriteString("name", step.Spec.Name);
        w.WriteString("spec_path", step.Spec.Path);
        w.WritePropertyName("parameters");
        w.WriteStartObject();
        step.Spec.Parameters.WriteFields(w);
        w.WriteEndObject();
        w.WriteNumber("seed", step.Seed);
        w.WriteStartObject("counts");
        w.WriteNumber("affected_cells", counts.AffectedCells);
        w.WriteNumber("changed_cells", counts.ChangedCells);
        w.WriteNumber("added_rows", counts.AddedRows);
        w.WriteNumber("added_columns", counts.AddedColumns);
        w.WriteNumber("replaced_columns", counts.ReplacedColumns);
        w.WriteNumber("added_categories", counts.AddedCategories);
        w.WriteEndObject();

        w.WriteStartArray("changes");
        foreach (var c in step.Result.Changes)
        {
            w.WriteStartObject();
            w.WriteString("split", SplitName(c.Split));
            w.WriteNumber("row", c.Row);
            w.WriteString("column", c.Column);
            WriteValue(w, "before", c.Before);
            WriteValue(w, "after", c.After);
            w.WriteEndObject();
        }
        w.WriteEndArray();

        w.WriteStartArray("added_rows");
        foreach (var a in step.Result.AddedRows)
        {
            w.WriteStartObject();
            w.WriteString("split", SplitName(a.Split));
            w.WriteNumber("row", a.Row);
            w.WriteNumber("source_row", a.SourceRow);
            w.WriteEndObject();
        }
        w.WriteEndArray();

        w.WriteStartArray("column_changes");
        foreach (var c in step.Result.ColumnChanges)
        {
            w.WriteStartObject();
            w.WriteString("kind", c.Kind switch { ColumnChangeKind.Added => "added", ColumnChangeKind.Replaced => "replaced", _ => "category-added" });
            w.WriteString("column", c.Column);
            w.WriteString("feature_kind", c.Feature.Kind == FeatureKind.Numeric ? "numeric" : "categorical");
            if (c.Feature.IsCategorical)
            {
                w.WriteStartArray("categories");
                foreach (var category in c.Feature.Categories) w.WriteStringValue(category);
                w.WriteEndArray();
            }
            w.WriteString("derived_from", c.DerivedFrom);
            w.WriteString("rule", c.Rule);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    public static string SplitName(DataSplit split) => split == DataSplit.Train ? "train" : "test";

    private static void WriteValue(Utf8JsonWriter w, string name, ManifestValue value)
    {
        if (value.Number is { } n) w.WriteNumber(name, n);
        else if (value.Text is { } t) w.WriteString(name, t);
        else w.WriteNull(name);
    }
}
