using System.Globalization;
using System.Text.Json;
using MisuseLab.Learning.Data;
using MisuseLab.Study.Defects;

namespace MisuseLab.Study.Tests.Defects;

/// <summary>
/// A cell-by-cell diff of two data sets written without the defect code, and the check that a manifest entry
/// (parsed back from the JSON file) says exactly what the diff finds.
/// </summary>
public static class IndependentDiff
{
    public sealed record Cell(string Split, int Row, string Column, string Before, string After);

    /// <summary>Cells that differ in rows both data sets have, in columns of the same name whose codes mean the same.</summary>
    public static HashSet<Cell> Diff(DefectData before, DefectData after)
    {
        var cells = new HashSet<Cell>();
        foreach (var (split, b, a, bl, al) in new[] { ("train", before.Train, after.Train, before.TrainLabels, after.TrainLabels), ("test", before.Test, after.Test, before.TestLabels, after.TestLabels) })
        {
            var rows = Math.Min(b.RowCount, a.RowCount);
            for (var jb = 0; jb < b.ColumnCount; jb++)
            {
                var sb = b.Schema[jb];
                if (!a.Schema.TryIndexOf(sb.Name, out var ja) || !Comparable(sb, a.Schema[ja])) continue;
                var sa = a.Schema[ja];
                var cb = b.Column(jb);
                var ca = a.Column(ja);
                for (var r = 0; r < rows; r++)
                {
                    var tb = Text(sb, cb[r]);
                    var ta = Text(sa, ca[r]);
                    if (tb != ta) cells.Add(new(split, r, sb.Name, tb, ta));
                }
            }
            for (var r = 0; r < rows; r++)
                if (bl[r] != al[r]) cells.Add(new(split, r, "income", Label(bl[r]), Label(al[r])));
        }
        return cells;
    }

    /// <summary>Same kind, and any categories of the old column keep their positions (a category may be appended).</summary>
    public static bool Comparable(FeatureSpec before, FeatureSpec after) =>
        before.Kind == after.Kind && after.Categories.Take(before.Categories.Length).SequenceEqual(before.Categories);

    public static string Text(FeatureSpec spec, double value) =>
        double.IsNaN(value) ? "null"
        : spec.IsCategorical ? spec.Categories[(int)value]
        : value.ToString("R", CultureInfo.InvariantCulture);

    public static string Label(bool above) => above ? ">50K" : "<=50K";

    public static string Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Null => "null",
        JsonValueKind.String => value.GetString()!,
        _ => value.GetDouble().ToString("R", CultureInfo.InvariantCulture),
    };

    /// <summary>
    /// Asserts that <paramref name="entry"/> (one element of the manifest's "defects") describes the step from
    /// <paramref name="before"/> to <paramref name="after"/> completely: value-changing entries equal the diff;
    /// entries with before = after name cells that hold that value; added rows copy their source; added and
    /// re-encoded columns follow their recorded rule for every row.
    /// </summary>
    public static void AssertManifestMatches(JsonElement entry, DefectData before, DefectData after)
    {
        var name = entry.GetProperty("name").GetString();
        var listed = new HashSet<Cell>();
        var unchanged = new List<Cell>();
        foreach (var c in entry.GetProperty("changes").EnumerateArray())
        {
            var cell = new Cell(c.GetProperty("split").GetString()!, c.GetProperty("row").GetInt32(), c.GetProperty("column").GetString()!,
                Text(c.GetProperty("before")), Text(c.GetProperty("after")));
            Assert.True(listed.Add(cell), $"{name}: {cell} listed twice.");
            if (cell.Before == cell.After) unchanged.Add(cell);
        }
        var diff = Diff(before, after);
        var changed = listed.Where(c => c.Before != c.After).ToHashSet();
        Assert.True(diff.SetEquals(changed),
            $"{name}: diff has {diff.Count} cells, manifest {changed.Count}; only in diff: {string.Join("; ", diff.Except(changed).Take(3))}; only in manifest: {string.Join("; ", changed.Except(diff).Take(3))}");
        foreach (var cell in unchanged)
        {
            var frame = cell.Split == "train" ? after.Train : after.Test;
            var actual = cell.Column == "income"
                ? Label((cell.Split == "train" ? after.TrainLabels : after.TestLabels)[cell.Row])
                : Text(frame.Schema[frame.Schema.IndexOf(cell.Column)], frame.Column(cell.Column)[cell.Row]);
            Assert.Equal(cell.After, actual);
        }

        AssertAddedRows(entry, before, after);
        AssertColumnChanges(entry, before, after);
    }

    private static void AssertAddedRows(JsonElement entry, DefectData before, DefectData after)
    {
        var added = entry.GetProperty("added_rows").EnumerateArray().ToArray();
        Assert.Equal(after.Train.RowCount - before.Train.RowCount + after.Test.RowCount - before.Test.RowCount, added.Length);
        foreach (var a in added)
        {
            var train = a.GetProperty("split").GetString() == "train";
            var frame = train ? after.Train : after.Test;
            var labels = train ? after.TrainLabels : after.TestLabels;
            var row = a.GetProperty("row").GetInt32();
            var source = a.GetProperty("source_row").GetInt32();
            Assert.True(row >= (train ? before.Train.RowCount : before.Test.RowCount), $"added row {row} overlaps the original rows");
            for (var j = 0; j < frame.ColumnCount; j++)
                Assert.Equal(Text(frame.Schema[j], frame.Column(j)[source]), Text(frame.Schema[j], frame.Column(j)[row]));
            Assert.Equal(labels[source], labels[row]);
        }
    }

    private static void AssertColumnChanges(JsonElement entry, DefectData before, DefectData after)
    {
        var parameters = entry.GetProperty("parameters");
        var changes = entry.GetProperty("column_changes").EnumerateArray().ToDictionary(c => c.GetProperty("column").GetString()!);
        foreach (var spec in after.Schema)
        {
            var existed = before.Schema.TryIndexOf(spec.Name, out var jb);
            if (existed && spec.Equals(before.Schema[jb])) { Assert.False(changes.ContainsKey(spec.Name)); continue; }
            Assert.True(changes.TryGetValue(spec.Name, out var change), $"column '{spec.Name}' changed without a manifest entry");
            var kind = change.GetProperty("kind").GetString();
            Assert.Equal(spec.IsCategorical ? "categorical" : "numeric", change.GetProperty("feature_kind").GetString());
            if (spec.IsCategorical) Assert.Equal(spec.Categories, change.GetProperty("categories").EnumerateArray().Select(c => c.GetString()!));

            foreach (var (b, a) in new[] { (before.Train, after.Train), (before.Test, after.Test) })
            {
                var values = a.Column(spec.Name);
                switch (kind)
                {
                    case "added":
                        Assert.False(existed);
                        var source = b.Column(change.GetProperty("derived_from").GetString()!);
                        var scale = parameters.GetProperty("scale").GetDouble();
                        var offset = parameters.GetProperty("offset").GetDouble();
                        for (var r = 0; r < values.Length; r++)
                            Assert.Equal(Text(spec, offset + scale * source[r]), Text(spec, values[r]));
                        break;
                    case "replaced":
                        var old = b.Column(spec.Name);
                        var cuts = parameters.GetProperty("cuts").EnumerateArray().Select(c => c.GetDouble()).ToArray();
                        for (var r = 0; r < values.Length; r++)
                        {
                            var v = old[r];
                            var bin = double.IsNaN(v) ? double.NaN : cuts.Count(c => c <= v);
                            Assert.Equal(Text(spec, bin), Text(spec, values[r]));
                        }
                        break;
                    case "category-added":
                        Assert.True(Comparable(before.Schema[jb], spec));
                        Assert.True(spec.Categories.Length > before.Schema[jb].Categories.Length, $"column '{spec.Name}' recorded as category-added but gained none");
                        break;
                    default:
                        Assert.Fail($"unknown column change kind '{kind}'");
                        break;
                }
            }
        }
    }
}
