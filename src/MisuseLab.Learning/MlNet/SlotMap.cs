using Microsoft.ML;
using Microsoft.ML.Data;
using MisuseLab.Learning.Data;

namespace MisuseLab.Learning.MlNet;

/// <summary>
/// The slots of an ML.NET model's features vector: a name for each (its slot name, or <c>slot{i}</c> when ML.NET
/// gives none or repeats one) and the input column it comes from. The source is read from the slot name as
/// ML.NET's <c>Concatenate</c> writes it: a scalar column's slot is named after the column, a vector column's
/// slots are "column.slot" (one-hot slots: "workclass.Private"); the longest input column name that matches
/// wins. A slot with no match has source −1, and attributions can then only be reported per slot.
/// </summary>
public sealed class SlotMap
{
    private SlotMap(FeatureSchema schema, int[] sources)
    {
        Schema = schema;
        Sources = sources;
    }

    /// <summary>One numeric feature per slot, named as described above.</summary>
    public FeatureSchema Schema { get; }

    /// <summary>Slot → index of the model's input feature it comes from, or −1.</summary>
    public IReadOnlyList<int> Sources { get; }

    public int Count => Sources.Count;
    public bool AllMapped => Sources.All(s => s >= 0);

    internal static SlotMap For(MlNetBinaryModel model)
    {
        var output = model.Transformer.GetOutputSchema(model.InputSchema);
        var column = output.GetColumnOrNull(model.Predictor.FeatureColumnName)
            ?? throw new InvalidModelException($"The model's output has no features column '{model.Predictor.FeatureColumnName}'.");
        if (column.Type is not VectorDataViewType { Size: > 0 } vector || vector.ItemType != NumberDataViewType.Single)
            throw new InvalidModelException($"Expected the features column '{column.Name}' to be a vector of Single of known size; found {column.Type}.");
        var count = vector.Size;
        var names = new string[count];
        if (column.HasSlotNames())
        {
            VBuffer<ReadOnlyMemory<char>> slotNames = default;
            column.GetSlotNames(ref slotNames);
            var dense = slotNames.DenseValues().ToArray();
            for (var s = 0; s < count; s++) names[s] = dense[s].ToString();
        }
        var sources = new int[count];
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var s = 0; s < count; s++)
        {
            sources[s] = SourceOf(names[s], model.Schema);
            if (string.IsNullOrWhiteSpace(names[s]) || !seen.Add(names[s])) names[s] = $"slot{s}";
        }
        return new SlotMap(new FeatureSchema(names.Select(FeatureSpec.Numeric)), sources);
    }

    private static int SourceOf(string? slotName, FeatureSchema inputs)
    {
        if (string.IsNullOrEmpty(slotName)) return -1;
        var best = -1;
        for (var f = 0; f < inputs.Count; f++)
        {
            var name = inputs[f].Name;
            var matches = slotName == name || (slotName.Length > name.Length && slotName.StartsWith(name, StringComparison.Ordinal) && slotName[name.Length] == '.');
            if (matches && (best < 0 || name.Length > inputs[best].Name.Length)) best = f;
        }
        return best;
    }
}
