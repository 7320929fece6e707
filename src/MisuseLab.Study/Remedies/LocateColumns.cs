using MisuseLab.Study.Definitions;

namespace MisuseLab.Study.Remedies;

/// <summary>One entry of a locate page's column picker: the name a mark stores and what the participant reads.</summary>
public sealed record LocateColumn(string Name, string Label);

/// <summary>
/// What a locate page lets a participant point at: every Adult column, plus the two row selectors of
/// <see cref="LocateMark"/> (duplicated rows, wrong labels). Columns a defect adds are located through their source
/// column (<see cref="LocateScoring.Locates"/>), so the picker never reveals that a column was added.
/// </summary>
public static class LocateColumns
{
    public static readonly IReadOnlyList<LocateColumn> All =
    [
        .. StudyVocabulary.AdultFeatures.Select(f => new LocateColumn(f, f)),
        new LocateColumn(LocateMark.Rows, "Some rows appear more than once"),
        new LocateColumn(LocateMark.Labels, "Some income labels are wrong"),
    ];

    public static bool Contains(string name) => All.Any(c => c.Name == name);

    /// <summary>The longest value a mark keeps (a category name or a number).</summary>
    public const int MaxValueLength = 100;
}
