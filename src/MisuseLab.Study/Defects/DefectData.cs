using MisuseLab.Learning.Data;
using MisuseLab.Study.Adult;

namespace MisuseLab.Study.Defects;

public enum DataSplit { Train, Test }

/// <summary>
/// The data a defect transforms: both splits with their labels (<c>true</c> = income &gt;50K). Train and test always
/// share one schema, so a defect that changes the schema changes it in both.
/// </summary>
public sealed record DefectData
{
    public DefectData(Frame train, bool[] trainLabels, Frame test, bool[] testLabels)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(trainLabels);
        ArgumentNullException.ThrowIfNull(test);
        ArgumentNullException.ThrowIfNull(testLabels);
        if (trainLabels.Length != train.RowCount)
            throw new ArgumentException($"Expected one training label per row ({train.RowCount}); found {trainLabels.Length}.", nameof(trainLabels));
        if (testLabels.Length != test.RowCount)
            throw new ArgumentException($"Expected one test label per row ({test.RowCount}); found {testLabels.Length}.", nameof(testLabels));
        if (!train.Schema.Equals(test.Schema))
            throw new ArgumentException("Expected train and test to share one schema; they differ. A defect that changes the schema must change it in both splits.", nameof(test));
        Train = train;
        TrainLabels = trainLabels;
        Test = test;
        TestLabels = testLabels;
    }

    public Frame Train { get; }
    public bool[] TrainLabels { get; }
    public Frame Test { get; }
    public bool[] TestLabels { get; }

    public FeatureSchema Schema => Train.Schema;

    public static DefectData From(AdultData adult) =>
        new(adult.Train.Features, adult.Train.Labels, adult.Test.Features, adult.Test.Labels);

    public Frame Frame(DataSplit split) => split == DataSplit.Train ? Train : Test;

    public bool[] Labels(DataSplit split) => split == DataSplit.Train ? TrainLabels : TestLabels;

    public DefectData With(DataSplit split, Frame frame, bool[]? labels = null) =>
        split == DataSplit.Train
            ? new(frame, labels ?? TrainLabels, Test, TestLabels)
            : new(Train, TrainLabels, frame, labels ?? TestLabels);
}
