using MisuseLab.Learning.Data;

namespace MisuseLab.Study.Defects;

/// <summary>A cell as the manifest shows it: a number, a category or label name, or missing (both null).</summary>
public readonly record struct ManifestValue(double? Number, string? Text)
{
    public static ManifestValue Missing => default;

    public bool IsMissing => Number is null && Text is null;

    public static ManifestValue Of(FeatureSpec spec, double value) =>
        double.IsNaN(value) ? Missing
        : spec.IsCategorical ? new(null, spec.Categories[(int)value])
        : new(value, null);

    public static ManifestValue OfLabel(bool aboveFiftyK) => new(null, aboveFiftyK ? LabelAbove : LabelAtMost);

    public const string LabelAbove = ">50K";
    public const string LabelAtMost = "<=50K";

    public override string ToString() => IsMissing ? "missing" : Text ?? Number!.Value.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>One cell a defect set. <see cref="Before"/> may equal <see cref="After"/>: the row was chosen but already held that value.</summary>
public sealed record CellChange(DataSplit Split, int Row, string Column, ManifestValue Before, ManifestValue After)
{
    /// <summary>The label column's name in changes (labels are not a feature of the frame).</summary>
    public const string LabelColumn = "income";

    public bool ChangesValue => Before != After;
}

/// <summary>A row appended to <see cref="Split"/> at index <see cref="Row"/>, copied from <see cref="SourceRow"/> (label included).</summary>
public sealed record AddedRow(DataSplit Split, int Row, int SourceRow);

public enum ColumnChangeKind
{
    /// <summary>A new column, appended to the schema of both splits.</summary>
    Added,

    /// <summary>An existing column re-encoded in place (same name and position, new kind or categories), in both splits.</summary>
    Replaced,

    /// <summary>A category appended to a categorical column's list in both splits; existing codes keep their meaning.</summary>
    CategoryAdded,
}

/// <summary>A schema change: which column, what it is now, what it was derived from and by which rule.</summary>
public sealed record ColumnChange(ColumnChangeKind Kind, string Column, FeatureSpec Feature, string DerivedFrom, string Rule);

/// <summary>What one defect did: the data after it, and every cell, row and column it changed.</summary>
public sealed record DefectResult(
    DefectData Data,
    IReadOnlyList<CellChange> Changes,
    IReadOnlyList<AddedRow> AddedRows,
    IReadOnlyList<ColumnChange> ColumnChanges);
