using MisuseLab.Learning.Data;

namespace MisuseLab.Study.Adult;

/// <summary>Both UCI Adult splits and the directory they were read from.</summary>
public sealed record AdultData(AdultSplit Train, AdultSplit Test, string SourceDirectory);

/// <summary>One split: the 14 features, the label (<c>true</c> = income &gt;50K) per row, and the file read.</summary>
public sealed record AdultSplit(Frame Features, bool[] Labels, string FilePath)
{
    public Frame Features { get; init; } = Features ?? throw new ArgumentNullException(nameof(Features));

    public bool[] Labels { get; init; } = CheckLabels(Features, Labels);

    public int RowCount => Features.RowCount;

    private static bool[] CheckLabels(Frame features, bool[] labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        if (features is not null && labels.Length != features.RowCount)
            throw new ArgumentException($"Expected one label per row ({features.RowCount}); found {labels.Length}.", nameof(labels));
        return labels;
    }
}
