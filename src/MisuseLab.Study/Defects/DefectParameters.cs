using System.Text.Json;

namespace MisuseLab.Study.Defects;

/// <summary>
/// A defect's parameters: a record with documented defaults that validates itself, writes itself as the JSON
/// object a study file holds (<c>{"name": ..., field: value, ...}</c>), and creates its defect.
/// </summary>
public abstract record DefectParameters
{
    /// <summary>The defect's name as study files spell it, e.g. <c>mean-imputed-age</c>.</summary>
    public abstract string DefectName { get; }

    /// <summary>Adds one error per bad field, each at <c>{path}.{field}</c>.</summary>
    public abstract void Validate(string path, List<DefectSpecError> errors);

    /// <summary>Writes the fields after <c>name</c>, in a fixed order (the manifest and study files are canonical).</summary>
    public abstract void WriteFields(Utf8JsonWriter writer);

    /// <param name="path">The JSON path of the specification, used in errors found against the data.</param>
    public abstract IDefect CreateDefect(string path);

    public void WriteJson(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteString("name", DefectName);
        WriteFields(writer);
        writer.WriteEndObject();
    }

    /// <summary>Throws <see cref="DefectSpecException"/> listing every invalid field.</summary>
    public void EnsureValid(string path)
    {
        var errors = new List<DefectSpecError>();
        Validate(path, errors);
        if (errors.Count > 0) throw new DefectSpecException(errors);
    }

    protected static void CheckRate(double rate, string path, List<DefectSpecError> errors)
    {
        if (!(rate > 0 && rate <= 1))
            errors.Add(new($"{path}.rate", $"expected a share of rows in (0, 1], such as 0.1 for 10%; found {Format(rate)}."));
    }

    protected static void CheckName(string? value, string field, string path, List<DefectSpecError> errors)
    {
        if (string.IsNullOrWhiteSpace(value))
            errors.Add(new($"{path}.{field}", $"expected a column name; found {(value is null ? "nothing" : "an empty string")}."));
    }

    protected static string Format(double value) => value.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
}
