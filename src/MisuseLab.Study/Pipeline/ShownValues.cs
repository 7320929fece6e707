using System.Globalization;
using MisuseLab.Learning.Data;
using MisuseLab.Study.Explanations;

namespace MisuseLab.Study.Pipeline;

/// <summary>How a feature value is written for a participant: category names, plain numbers, "missing".</summary>
public static class ShownValues
{
    public const string Missing = "missing";

    public static string Format(FeatureSpec spec, double value)
    {
        if (double.IsNaN(value)) return Missing;
        if (spec.IsCategorical) return spec.Categories[(int)value];
        return value == Math.Floor(value) && Math.Abs(value) < 1e15
            ? ((long)value).ToString(CultureInfo.InvariantCulture)
            : value.ToString("G6", CultureInfo.InvariantCulture);
    }

    public static IReadOnlyList<ShownValue> Row(Frame frame, int row)
    {
        var values = new ShownValue[frame.ColumnCount];
        for (var f = 0; f < values.Length; f++)
            values[f] = new ShownValue(frame.Schema[f].Name, Format(frame.Schema[f], frame.Column(f)[row]));
        return values;
    }
}
