using MisuseLab.Learning;
using MisuseLab.Learning.Data;

namespace MisuseLab.Study.Adult;

/// <summary>An Adult split presented in a model's feature schema, so a model trained here or elsewhere can be explained on it.</summary>
public static class AdultFrames
{
    public static Frame InSchema(AdultSplit split, FeatureSchema schema)
    {
        var source = split.Features;
        var columns = new double[schema.Count][];
        for (var f = 0; f < schema.Count; f++)
        {
            var spec = schema[f];
            if (!source.Schema.TryIndexOf(spec.Name, out var j))
                throw new DataFormatException($"The model expects feature '{spec.Name}', which {Path.GetFileName(split.FilePath)} does not have (it has {string.Join(", ", source.Schema.Select(s => s.Name))}). Pass the rows to explain with --rows FILE.csv.");
            if (!source.Schema[j].Equals(spec))
                throw new DataFormatException($"The model's feature '{spec.Name}' is {Describe(spec)}; in {Path.GetFileName(split.FilePath)} it is {Describe(source.Schema[j])}. The model was trained on other data; pass the rows to explain with --rows FILE.csv.");
            columns[f] = source.CopyColumn(j);
        }
        return new Frame(schema, columns);
    }

    private static string Describe(FeatureSpec spec) =>
        spec.IsCategorical ? $"categorical with {spec.Categories.Length} categories" : "numeric";
}
