using System.Globalization;
using System.Text.Json;
using MisuseLab.Learning.Data;
using MisuseLab.Learning.Models;

namespace MisuseLab.Learning.Interop;

/// <summary>
/// Reads a binary classifier saved by XGBoost's <c>Booster.save_model("x.json")</c> into a
/// <see cref="TreeEnsembleModel"/> with numerical splits, so XGBoost models can be explained and compared with
/// ours. Covers come from <c>sum_hessian</c>, leaf values from <c>split_conditions</c> at leaves, the base score
/// from <c>learner_model_param.base_score</c> (a probability for binary objectives, so the margin is its logit).
/// <para>
/// Float vs double: XGBoost stores thresholds as float32 and casts each feature value to float32 before the
/// test <c>(float)x &lt; t</c>. For data that is not float-representable this differs from <c>x &lt; (double)t</c>
/// near t, so each threshold is replaced by <see cref="EquivalentThreshold"/>, the double T with
/// <c>x &lt; T ⇔ (float)x &lt; t</c> for every double x; routing then matches XGBoost exactly. Leaf values and covers
/// are the float32 values widened to double.
/// </para>
/// </summary>
public static class XGBoostJsonImporter
{
    private static readonly string[] LogitObjectives = ["binary:logistic", "binary:logitraw", "reg:logistic"];

    /// <param name="schema">Optional: the schema to attach (its size must be num_feature and its names the model's
    /// feature_names when the file has them). Without it, numeric features named from feature_names (or f0, f1, …).</param>
    public static TreeEnsembleModel Load(string path, FeatureSchema? schema = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path))
            throw new InvalidModelException($"XGBoost model file '{path}' does not exist; save one with Booster.save_model(\"model.json\").");
        return Parse(File.ReadAllText(path), schema, path);
    }

    public static TreeEnsembleModel Parse(string json, FeatureSchema? schema = null, string source = "<json>")
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new InvalidModelException($"{source}: not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine}): {e.Message} Expected the output of Booster.save_model(\"x.json\").", e);
        }
        using (document)
        {
            return Read(document.RootElement, schema, source);
        }
    }

    /// <summary>
    /// The double T with <c>x &lt; T ⇔ (float)x &lt; t</c> for every double x. (float)x &lt; t holds exactly when x
    /// rounds to the float below t or lower, i.e. when x is below the midpoint m of that float and t — or equal to m
    /// and m rounds (ties to even) down. m is exact in double, so T is m or the next double above it.
    /// </summary>
    public static double EquivalentThreshold(float threshold)
    {
        if (float.IsNaN(threshold)) return double.NaN;
        if (float.IsNegativeInfinity(threshold)) return double.NegativeInfinity;
        if (float.IsPositiveInfinity(threshold))
            // Doubles from float.MaxValue + half an ulp (2^103) up round to +∞; the tie rounds to +∞ (even).
            return (double)float.MaxValue + Math.Pow(2, 103);
        var below = MathF.BitDecrement(threshold);
        var midpoint = ((double)below + threshold) / 2;
        var belowIsEven = (BitConverter.SingleToInt32Bits(below) & 1) == 0;
        return belowIsEven ? Math.BitIncrement(midpoint) : midpoint;
    }

    private static TreeEnsembleModel Read(JsonElement root, FeatureSchema? schema, string source)
    {
        var learner = Property(root, "learner", "$", source);
        var parameters = Property(learner, "learner_model_param", "$.learner", source);
        var numFeature = ParseInt(Property(parameters, "num_feature", "$.learner.learner_model_param", source), "$.learner.learner_model_param.num_feature", source);
        foreach (var name in (string[])["num_class", "num_target"])
        {
            if (parameters.TryGetProperty(name, out var count) && ParseInt(count, $"$.learner.learner_model_param.{name}", source) > 1)
                throw new InvalidModelException($"{source}: $.learner.learner_model_param.{name} is {count}; expected a single-output binary classifier. Multi-class models cannot be imported.");
        }

        var objective = Property(Property(learner, "objective", "$.learner", source), "name", "$.learner.objective", source).GetString();
        if (!LogitObjectives.Contains(objective))
            throw new InvalidModelException($"{source}: $.learner.objective.name is '{objective}'; expected one of {string.Join(", ", LogitObjectives)} (a log-odds margin). Train with objective=\"binary:logistic\".");
        var baseScore = ParseBaseScore(Property(parameters, "base_score", "$.learner.learner_model_param", source), source);
        if (!(baseScore > 0 && baseScore < 1))
            throw new InvalidModelException($"{source}: $.learner.learner_model_param.base_score is {baseScore}; a binary objective's base score is a probability strictly between 0 and 1.");

        schema = ResolveSchema(learner, schema, numFeature, source);

        var booster = Property(learner, "gradient_booster", "$.learner", source);
        var boosterName = booster.TryGetProperty("name", out var n) ? n.GetString() : null;
        if (boosterName != "gbtree")
            throw new InvalidModelException($"{source}: $.learner.gradient_booster.name is '{boosterName}'; only 'gbtree' models can be imported (dart weights and linear boosters are not supported).");
        var model = Property(booster, "model", "$.learner.gradient_booster", source);
        var trees = Property(model, "trees", "$.learner.gradient_booster.model", source);
        if (model.TryGetProperty("tree_info", out var info))
        {
            var k = 0;
            foreach (var group in info.EnumerateArray())
            {
                if (group.GetInt32() != 0)
                    throw new InvalidModelException($"{source}: $.learner.gradient_booster.model.tree_info[{k}] is {group}; expected 0 (one output group) for a binary classifier.");
                k++;
            }
        }

        var result = new List<RegressionTree>();
        var t = 0;
        foreach (var tree in trees.EnumerateArray())
        {
            result.Add(ReadTree(tree, numFeature, $"$.learner.gradient_booster.model.trees[{t}]", source));
            t++;
        }
        return new TreeEnsembleModel(schema, result, Logistic.Logit(baseScore));
    }

    private static FeatureSchema ResolveSchema(JsonElement learner, FeatureSchema? schema, int numFeature, string source)
    {
        string[]? names = null;
        if (learner.TryGetProperty("feature_names", out var fn) && fn.ValueKind == JsonValueKind.Array && fn.GetArrayLength() > 0)
        {
            names = [.. fn.EnumerateArray().Select(e => e.GetString() ?? "")];
            if (names.Length != numFeature)
                throw new InvalidModelException($"{source}: $.learner.feature_names has {names.Length} names; num_feature is {numFeature}.");
        }
        if (learner.TryGetProperty("feature_types", out var ft) && ft.ValueKind == JsonValueKind.Array)
        {
            var j = 0;
            foreach (var type in ft.EnumerateArray())
            {
                if (type.GetString() == "c")
                    throw new InvalidModelException($"{source}: $.learner.feature_types[{j}] is 'c' (categorical); only numerical splits can be imported. Train with one-hot or ordinal-encoded categories.");
                j++;
            }
        }
        if (schema is null)
            return new FeatureSchema(Enumerable.Range(0, numFeature).Select(j => FeatureSpec.Numeric(names?[j] ?? $"f{j}")));
        if (schema.Count != numFeature)
            throw new DataFormatException($"{source}: the model has {numFeature} features (num_feature); the given schema has {schema.Count}.");
        if (names is not null)
        {
            for (var j = 0; j < numFeature; j++)
            {
                if (names[j] != schema[j].Name)
                    throw new DataFormatException($"{source}: feature {j} is '{names[j]}' in the model ($.learner.feature_names[{j}]) but '{schema[j].Name}' in the given schema; pass the schema the model was trained with.");
            }
        }
        return schema;
    }

    private static RegressionTree ReadTree(JsonElement tree, int numFeature, string path, string source)
    {
        var left = Ints(tree, "left_children", path, source);
        var right = Ints(tree, "right_children", path, source);
        var split = Ints(tree, "split_indices", path, source);
        var condition = Floats(tree, "split_conditions", path, source);
        var hessian = Floats(tree, "sum_hessian", path, source);
        var defaultLeft = Bools(tree, "default_left", path, source);
        var count = left.Length;
        foreach (var (name, length) in (ReadOnlySpan<(string, int)>)[("right_children", right.Length), ("split_indices", split.Length), ("split_conditions", condition.Length), ("sum_hessian", hessian.Length), ("default_left", defaultLeft.Length)])
        {
            if (length != count)
                throw new InvalidModelException($"{source}: {path}.{name} has {length} entries; left_children has {count}. Every node array needs one entry per node.");
        }
        if (tree.TryGetProperty("split_type", out var splitType))
        {
            var i = 0;
            foreach (var s in splitType.EnumerateArray())
            {
                if (s.GetInt32() != 0 && left[i] != -1)
                    throw new InvalidModelException($"{source}: {path}.split_type[{i}] is {s} (categorical); only numerical splits can be imported.");
                i++;
            }
        }

        // Renumber reachable nodes in pre-order: children then always follow parents, and nodes XGBoost
        // deleted while pruning (unreachable from the root) drop out.
        var order = new List<int>();
        var newIndex = new Dictionary<int, int>();
        var stack = new Stack<int>();
        stack.Push(0);
        while (stack.Count > 0)
        {
            var node = stack.Pop();
            if (node < 0 || node >= count)
                throw new InvalidModelException($"{source}: {path} refers to node {node}; the tree has {count} nodes.");
            if (!newIndex.TryAdd(node, order.Count))
                throw new InvalidModelException($"{source}: {path} reaches node {node} twice; a tree's nodes each have one parent.");
            order.Add(node);
            if (left[node] == -1) continue;
            if (split[node] < 0 || split[node] >= numFeature)
                throw new InvalidModelException($"{source}: {path}.split_indices[{node}] is {split[node]}; expected a feature index below num_feature ({numFeature}).");
            stack.Push(right[node]);
            stack.Push(left[node]);
        }
        var m = order.Count;
        var l = new int[m];
        var r = new int[m];
        var f = new int[m];
        var threshold = new double[m];
        var dl = new bool[m];
        var value = new double[m];
        var cover = new double[m];
        for (var k = 0; k < m; k++)
        {
            var node = order[k];
            cover[k] = hessian[node];
            if (left[node] == -1)
            {
                l[k] = r[k] = f[k] = -1;
                value[k] = condition[node];
                continue;
            }
            l[k] = newIndex[left[node]];
            r[k] = newIndex[right[node]];
            f[k] = split[node];
            threshold[k] = EquivalentThreshold(condition[node]);
            dl[k] = defaultLeft[node];
        }
        try
        {
            return new RegressionTree(l, r, f, threshold, dl, Enumerable.Repeat(Array.Empty<int>(), m), value, cover);
        }
        catch (InvalidModelException e)
        {
            throw new InvalidModelException($"{source}: {path}: {e.Message}", e);
        }
    }

    private static double ParseBaseScore(JsonElement element, string source)
    {
        // "5E-1" in XGBoost 1.x, "[5E-1]" (a vector) from 2.1 on.
        var text = element.ValueKind == JsonValueKind.String ? element.GetString()!.Trim().TrimStart('[').TrimEnd(']') : element.GetRawText();
        if (!float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            throw new InvalidModelException($"{source}: $.learner.learner_model_param.base_score is '{element}'; expected a number.");
        return value;
    }

    private static JsonElement Property(JsonElement element, string name, string path, string source)
    {
        if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out var value))
            throw new InvalidModelException($"{source}: expected {path}.{name}; it is missing. Expected the output of XGBoost's Booster.save_model(\"x.json\").");
        return value;
    }

    private static int ParseInt(JsonElement element, string path, string source)
    {
        if (element.ValueKind == JsonValueKind.Number && element.TryGetInt32(out var n)) return n;
        if (element.ValueKind == JsonValueKind.String && int.TryParse(element.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out n)) return n;
        throw new InvalidModelException($"{source}: {path} is {element}; expected an integer.");
    }

    private static int[] Ints(JsonElement tree, string name, string path, string source) =>
        [.. ArrayOf(tree, name, path, source).EnumerateArray().Select((e, i) => e.TryGetInt32(out var v) ? v
            : throw new InvalidModelException($"{source}: {path}.{name}[{i}] is {e}; expected an integer."))];

    // Values are float32 written in shortest form; parsing as float recovers them exactly.
    private static float[] Floats(JsonElement tree, string name, string path, string source) =>
        [.. ArrayOf(tree, name, path, source).EnumerateArray().Select((e, i) => e.ValueKind == JsonValueKind.Number && e.TryGetSingle(out var v) ? v
            : throw new InvalidModelException($"{source}: {path}.{name}[{i}] is {e}; expected a number."))];

    private static bool[] Bools(JsonElement tree, string name, string path, string source) =>
        [.. ArrayOf(tree, name, path, source).EnumerateArray().Select((e, i) => e.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.Number => e.GetInt32() != 0,
            _ => throw new InvalidModelException($"{source}: {path}.{name}[{i}] is {e}; expected 0/1 or a boolean."),
        })];

    private static JsonElement ArrayOf(JsonElement tree, string name, string path, string source)
    {
        var value = Property(tree, name, path, source);
        if (value.ValueKind != JsonValueKind.Array)
            throw new InvalidModelException($"{source}: {path}.{name} is a {value.ValueKind}; expected an array.");
        return value;
    }
}
