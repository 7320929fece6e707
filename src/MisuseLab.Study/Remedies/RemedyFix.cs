using System.Text.Json;
using MisuseLab.Study.Defects;

namespace MisuseLab.Study.Remedies;

/// <summary>
/// One fix a participant may choose: a named operation with parameters, written in a study's remedy menu as
/// <c>"fix": {"op": "missing-value", "column": "age", "value": 38}</c>. A fix is a pure function of the data it
/// receives and the <see cref="RemedyContext"/>; it never reads the defect manifest, so a fix chosen for the wrong
/// reason does what it would do in a real project, harm included.
/// </summary>
public abstract record RemedyFix
{
    /// <summary>The operation's name as study files spell it.</summary>
    public abstract string Op { get; }

    /// <summary>Adds one error per bad field, each at <c>{path}.{field}</c>.</summary>
    public abstract void Validate(string path, List<DefectSpecError> errors);

    /// <summary>Writes the fields after <c>op</c>, in a fixed order.</summary>
    public abstract void WriteFields(Utf8JsonWriter writer);

    /// <param name="path">The fix's JSON path, named by errors found against the data (a column that does not exist).</param>
    public abstract RemedyData Apply(RemedyData data, RemedyContext context, string path);

    /// <summary>Every operation and how its fields are read.</summary>
    private static readonly Dictionary<string, Func<DefectJsonReader, RemedyFix>> Catalog = new(StringComparer.Ordinal)
    {
        [MissingValueFix.Name] = MissingValueFix.Parse,
        [DropColumnFix.Name] = DropColumnFix.Parse,
        [DropDuplicateRowsFix.Name] = DropDuplicateRowsFix.Parse,
        [RestoreColumnFix.Name] = RestoreColumnFix.Parse,
        [DropSuspectedLabelNoiseFix.Name] = DropSuspectedLabelNoiseFix.Parse,
    };

    public static IReadOnlyCollection<string> Ops => Catalog.Keys;

    public void WriteJson(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteString("op", Op);
        WriteFields(writer);
        writer.WriteEndObject();
    }

    /// <summary>Parses one fix object, adding every problem to <paramref name="errors"/>; null when there were any.</summary>
    public static RemedyFix? TryParse(JsonElement element, string path, List<DefectSpecError> errors)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new(path, $"expected a fix object such as {{\"op\": \"drop-column\", \"column\": \"race\"}}; found {DefectJsonReader.Describe(element)}."));
            return null;
        }
        if (!element.TryGetProperty("op", out var op) || op.ValueKind != JsonValueKind.String || !Catalog.TryGetValue(op.GetString()!, out var parse))
        {
            errors.Add(new($"{path}.op", $"expected one of: {string.Join(", ", Catalog.Keys)}; found {(op.ValueKind == JsonValueKind.Undefined ? "no \"op\"" : DefectJsonReader.Describe(op))}."));
            return null;
        }
        var before = errors.Count;
        var reader = new DefectJsonReader(element, path, errors);
        reader.OptionalString("op");
        var fix = parse(reader);
        reader.RejectUnknownFields(op.GetString()!);
        if (errors.Count == before) fix.Validate(path, errors);
        return errors.Count == before ? fix : null;
    }

    public static RemedyFix Parse(JsonElement element, string path)
    {
        var errors = new List<DefectSpecError>();
        var fix = TryParse(element, path, errors);
        if (errors.Count > 0 || fix is null) throw new DefectSpecException(errors);
        return fix;
    }

    protected static int ColumnIndex(RemedyData data, string column, string path, bool numeric = false)
    {
        if (!data.Train.Schema.TryIndexOf(column, out var j))
            throw new DefectSpecException($"{path}.column", $"expected a column of the study's training data ({string.Join(", ", data.Train.Schema.Select(f => f.Name))}); found '{column}'. An earlier fix may have dropped it.");
        if (numeric && data.Train.Schema[j].IsCategorical)
            throw new DefectSpecException($"{path}.column", $"expected a numeric column; found '{column}', which is categorical.");
        return j;
    }

    protected static void CheckColumn(string? column, string path, List<DefectSpecError> errors)
    {
        if (string.IsNullOrWhiteSpace(column)) errors.Add(new($"{path}.column", "expected a column name; found none."));
    }
}
