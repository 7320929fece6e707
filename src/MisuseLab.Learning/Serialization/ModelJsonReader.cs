using System.Text.Json;
using MisuseLab.Learning.Binning;
using MisuseLab.Learning.Data;
using MisuseLab.Learning.Models;

namespace MisuseLab.Learning.Serialization;

/// <summary>Reads model JSON written by <see cref="ModelJsonWriter"/>; every error names its JSON path.</summary>
internal static class ModelJsonReader
{
    public static IBinaryClassifier Read(ReadOnlyMemory<byte> json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException e)
        {
            throw new InvalidModelException($"The model file is not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}): {e.Message} Re-save the model with `misuselab train --out`.", e);
        }
        using (document)
        {
            var root = new JsonCursor(document.RootElement, "$");
            var version = root.Property("schema_version");
            if (version.Int() != ModelJson.SchemaVersion)
                throw version.Error($"schema version {ModelJson.SchemaVersion} (the only version this build reads)");
            var kind = root.Property("kind");
            return kind.String() switch
            {
                ModelJson.GbdtKind => ReadGbdt(root),
                ModelJson.EbmKind => ReadEbm(root),
                _ => throw kind.Error($"\"{ModelJson.GbdtKind}\" or \"{ModelJson.EbmKind}\""),
            };
        }
    }

    private static TreeEnsembleModel ReadGbdt(JsonCursor root)
    {
        root.OnlyProperties("schema_version", "kind", "features", "bins", "base_score", "trees");
        var schema = ReadSchema(root.Property("features"));
        var binsCursor = root.Property("bins");
        var bins = binsCursor.IsNull ? null : ReadBins(binsCursor, schema);
        var baseScore = root.Property("base_score").Double();
        var trees = new List<RegressionTree>();
        foreach (var tree in root.Property("trees").Items()) trees.Add(ReadTree(tree, schema));
        return Construct(root, () => new TreeEnsembleModel(schema, trees, baseScore, bins));
    }

    private static EbmModel ReadEbm(JsonCursor root)
    {
        root.OnlyProperties("schema_version", "kind", "features", "bins", "intercept", "terms");
        var schema = ReadSchema(root.Property("features"));
        var bins = ReadBins(root.Property("bins"), schema);
        var intercept = root.Property("intercept").Double();
        var termsCursor = root.Property("terms");
        var terms = termsCursor.Items();
        if (terms.Count != schema.Count)
            throw termsCursor.Error($"one term per feature ({schema.Count})", $"{terms.Count}");
        var scores = new double[terms.Count][];
        var deviations = new double[terms.Count][];
        for (var f = 0; f < terms.Count; f++)
        {
            terms[f].OnlyProperties("scores", "standard_deviations");
            var binCount = bins.Features[f].BinCount;
            scores[f] = ReadExactly(terms[f].Property("scores"), binCount, $"one score per bin of '{schema[f].Name}'");
            deviations[f] = ReadExactly(terms[f].Property("standard_deviations"), binCount, $"one standard deviation per bin of '{schema[f].Name}'");
        }
        return Construct(root, () => new EbmModel(bins, scores, deviations, intercept));
    }

    private static double[] ReadExactly(JsonCursor cursor, int count, string what)
    {
        var values = cursor.Doubles();
        if (values.Length != count) throw cursor.Error($"{what} ({count} values)", $"{values.Length} values");
        return values;
    }

    private static FeatureSchema ReadSchema(JsonCursor features)
    {
        var specs = new List<FeatureSpec>();
        foreach (var feature in features.Items())
        {
            var name = feature.Property("name").String();
            var kind = feature.Property("kind");
            switch (kind.String())
            {
                case "numeric":
                    feature.OnlyProperties("name", "kind");
                    specs.Add(Construct(feature, () => FeatureSpec.Numeric(name)));
                    break;
                case "categorical":
                    feature.OnlyProperties("name", "kind", "categories");
                    var categories = feature.Property("categories").Items().Select(c => c.String()).ToList();
                    specs.Add(Construct(feature, () => FeatureSpec.Categorical(name, categories)));
                    break;
                default:
                    throw kind.Error("\"numeric\" or \"categorical\"");
            }
        }
        return Construct(features, () => new FeatureSchema(specs));
    }

    private static BinMapper ReadBins(JsonCursor cursor, FeatureSchema schema)
    {
        var items = cursor.Items();
        if (items.Count != schema.Count)
            throw cursor.Error($"bins for each of the {schema.Count} features", $"{items.Count}");
        var features = new FeatureBins[items.Count];
        for (var f = 0; f < items.Count; f++)
        {
            items[f].OnlyProperties("cuts");
            var cuts = items[f].Property("cuts");
            var values = cuts.Doubles();
            if (schema[f].IsCategorical && values.Length > 0)
                throw cuts.Error($"no cuts for categorical feature '{schema[f].Name}'", $"{values.Length}");
            var spec = schema[f];
            features[f] = Construct(items[f], () => new FeatureBins(spec.Kind, values, spec.Categories.Length));
        }
        return Construct(cursor, () => new BinMapper(schema, features));
    }

    private static RegressionTree ReadTree(JsonCursor tree, FeatureSchema schema)
    {
        tree.OnlyProperties("nodes");
        var nodes = tree.Property("nodes").Items();
        var n = nodes.Count;
        var left = new int[n];
        var right = new int[n];
        var feature = new int[n];
        var threshold = new double[n];
        var defaultLeft = new bool[n];
        var categories = new int[n][];
        var value = new double[n];
        var cover = new double[n];
        for (var i = 0; i < n; i++)
        {
            var node = nodes[i];
            value[i] = node.Property("value").Double();
            cover[i] = node.Property("cover").Double();
            threshold[i] = double.NaN;
            categories[i] = [];
            if (!node.TryProperty("feature", out var featureCursor))
            {
                node.OnlyProperties("value", "cover");
                left[i] = right[i] = feature[i] = -1;
                continue;
            }
            feature[i] = featureCursor.Int(min: 0);
            if (feature[i] >= schema.Count)
                throw featureCursor.Error($"a feature index below {schema.Count}", $"{feature[i]}");
            var spec = schema[feature[i]];
            if (node.TryProperty("categories", out var categoryCursor))
            {
                node.OnlyProperties("feature", "categories", "default_left", "left", "right", "value", "cover");
                if (!spec.IsCategorical)
                    throw categoryCursor.Error($"a threshold, since feature '{spec.Name}' is numeric", "a category set");
                var items = categoryCursor.Items();
                if (items.Count == 0) throw categoryCursor.Error("at least one category going left", "an empty set");
                categories[i] = [.. items.Select(c =>
                {
                    var index = c.Int(min: 0);
                    return index < spec.Categories.Length ? index : throw c.Error($"a category index of '{spec.Name}' (0..{spec.Categories.Length - 1})", $"{index}");
                })];
            }
            else
            {
                node.OnlyProperties("feature", "threshold", "default_left", "left", "right", "value", "cover");
                threshold[i] = node.Property("threshold").Double();
            }
            defaultLeft[i] = node.Property("default_left").Bool();
            left[i] = ReadChild(node.Property("left"), i, n);
            right[i] = ReadChild(node.Property("right"), i, n);
        }
        return Construct(tree, () => new RegressionTree(left, right, feature, threshold, defaultLeft, categories, value, cover));
    }

    private static int ReadChild(JsonCursor cursor, int parent, int count)
    {
        var child = cursor.Int();
        if (child <= parent || child >= count)
            throw cursor.Error($"a node index after this node's ({parent}) and below the node count ({count})", $"{child}");
        return child;
    }

    /// <summary>Runs a model type's own constructor checks and prefixes their message with the JSON path.</summary>
    private static T Construct<T>(JsonCursor at, Func<T> build)
    {
        try
        {
            return build();
        }
        catch (Exception e) when (e is ArgumentException or InvalidModelException or DataFormatException)
        {
            throw new InvalidModelException($"{at.Path}: {e.Message}", e);
        }
    }
}
