using MisuseLab.Learning.Data;
using MisuseLab.Study.Adult;
using MisuseLab.Study.Defects;
using MisuseLab.Study.Definitions;

namespace MisuseLab.Study.Pipeline;

/// <summary>The data a study's models learn from and are explained on: Adult after the study's defects.</summary>
public sealed class StudyData
{
    private StudyData(DefectRun run, DefectData data)
    {
        Run = run;
        Train = data.Train;
        TrainLabels = data.TrainLabels;
        Test = data.Test;
        TestLabels = data.TestLabels;
    }

    /// <summary>The defects applied, with their manifest; <c>Run.Steps</c> is empty for a study without defects.</summary>
    public DefectRun Run { get; }
    public Frame Train { get; }
    public bool[] TrainLabels { get; }
    public Frame Test { get; }
    public bool[] TestLabels { get; }
    public FeatureSchema Schema => Train.Schema;

    public static StudyData Prepare(DataDefinition definition, string dataDirectory)
    {
        ArgumentNullException.ThrowIfNull(definition);
        if (definition.Source != "adult")
            throw new StudyPipelineException($"Expected data source 'adult'; found '{definition.Source}'.");
        var adult = AdultLoader.Load(dataDirectory);
        var specs = definition.Defects
            .Select((d, i) => DefectSpecCatalog.Parse(d, $"$.data.defects[{i}].params"))
            .ToList();
        var run = DefectPipeline.Run(DefectData.From(adult), specs, definition.Seed);
        return new StudyData(run, run.Final);
    }
}
