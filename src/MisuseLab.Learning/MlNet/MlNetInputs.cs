using Microsoft.ML;
using Microsoft.ML.Data;
using MisuseLab.Learning.Data;

namespace MisuseLab.Learning.MlNet;

/// <summary>
/// Rows for a model saved by anyone's ML.NET code, read by the names of its input schema: every input column but
/// the label becomes a feature of our frame — Single, Double and Int32 columns numeric, Text columns categorical
/// (categories: the distinct non-empty values of all the views read together, in ordinal order; empty = missing).
/// </summary>
public sealed class MlNetInputs
{
    private MlNetInputs(FeatureSchema schema, IReadOnlyList<MlNetColumn> columns, IReadOnlyList<(Frame Frame, bool[]? Labels)> frames)
    {
        Schema = schema;
        Columns = columns;
        Frames = frames;
    }

    public FeatureSchema Schema { get; }
    public IReadOnlyList<MlNetColumn> Columns { get; }

    /// <summary>One frame (and its labels, when the view has a Boolean label column) per view read, in order.</summary>
    public IReadOnlyList<(Frame Frame, bool[]? Labels)> Frames { get; }

    public static MlNetInputs Read(DataViewSchema inputSchema, string labelColumn, params IDataView[] views)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        var features = inputSchema.Where(c => !c.IsHidden && c.Name != labelColumn).ToList();
        foreach (var c in features)
        {
            if (c.Type is not TextDataViewType && c.Type != NumberDataViewType.Single && c.Type != NumberDataViewType.Double && c.Type != NumberDataViewType.Int32)
                throw new DataFormatException($"Input column '{c.Name}' is {c.Type}; expected scalar Single, Double, Int32 or Text (vector and key inputs are not supported).");
        }
        var raw = views.Select(v => ReadView(v, features, labelColumn)).ToList();
        var specs = new List<FeatureSpec>();
        for (var j = 0; j < features.Count; j++)
        {
            if (features[j].Type is TextDataViewType)
                specs.Add(FeatureSpec.Categorical(features[j].Name, raw.SelectMany(r => r.Text[j]!).Where(s => s.Length > 0).Distinct().Order(StringComparer.Ordinal)));
            else
                specs.Add(FeatureSpec.Numeric(features[j].Name));
        }
        var schema = new FeatureSchema(specs);
        var columns = features.Select((c, j) => new MlNetColumn(c.Name, j, c.Type)).ToList();
        var frames = raw.Select(r => (new Frame(schema, [.. Enumerable.Range(0, features.Count).Select(j => r.Numbers[j] ?? Codes(schema[j], r.Text[j]!))]), r.Labels)).ToList();
        return new MlNetInputs(schema, columns, frames);
    }

    private static double[] Codes(FeatureSpec spec, List<string> values)
    {
        var index = spec.Categories.Select((c, i) => (c, i)).ToDictionary(p => p.c, p => (double)p.i, StringComparer.Ordinal);
        return [.. values.Select(v => v.Length == 0 ? double.NaN : index[v])];
    }

    private sealed record RawView(double[]?[] Numbers, List<string>?[] Text, bool[]? Labels);

    private static RawView ReadView(IDataView view, List<DataViewSchema.Column> features, string labelColumn)
    {
        var columns = new DataViewSchema.Column[features.Count];
        for (var j = 0; j < features.Count; j++)
        {
            columns[j] = view.Schema.GetColumnOrNull(features[j].Name)
                ?? throw new DataFormatException($"The rows have no column '{features[j].Name}'; the model's input schema needs: {string.Join(", ", features.Select(f => f.Name))}.");
            if (!columns[j].Type.Equals(features[j].Type))
                throw new DataFormatException($"Column '{features[j].Name}' is {columns[j].Type} in the rows; the model expects {features[j].Type}.");
        }
        var label = view.Schema.GetColumnOrNull(labelColumn);
        if (label is { } l && l.Type != BooleanDataViewType.Instance) label = null;
        var numbers = new List<double>?[features.Count];
        var text = new List<string>?[features.Count];
        var labels = label is null ? null : new List<bool>();
        using var cursor = view.GetRowCursor(label is { } lc ? [.. columns, lc] : columns);
        var getters = new Func<object>[features.Count];
        for (var j = 0; j < features.Count; j++)
        {
            var type = features[j].Type;
            if (type is TextDataViewType) { text[j] = []; var g = cursor.GetGetter<ReadOnlyMemory<char>>(columns[j]); var list = text[j]!; getters[j] = () => { ReadOnlyMemory<char> v = default; g(ref v); list.Add(v.ToString()); return list; }; }
            else if (type == NumberDataViewType.Single) { numbers[j] = []; var g = cursor.GetGetter<float>(columns[j]); var list = numbers[j]!; getters[j] = () => { float v = 0; g(ref v); list.Add(v); return list; }; }
            else if (type == NumberDataViewType.Double) { numbers[j] = []; var g = cursor.GetGetter<double>(columns[j]); var list = numbers[j]!; getters[j] = () => { double v = 0; g(ref v); list.Add(v); return list; }; }
            else { numbers[j] = []; var g = cursor.GetGetter<int>(columns[j]); var list = numbers[j]!; getters[j] = () => { int v = 0; g(ref v); list.Add(v); return list; }; }
        }
        var labelGetter = label is { } lg ? cursor.GetGetter<bool>(lg) : null;
        while (cursor.MoveNext())
        {
            foreach (var get in getters) get();
            if (labelGetter is not null) { bool v = false; labelGetter(ref v); labels!.Add(v); }
        }
        return new RawView([.. numbers.Select(n => n?.ToArray())], text, labels?.ToArray());
    }
}
