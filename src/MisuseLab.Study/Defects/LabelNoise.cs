using System.Text.Json;

namespace MisuseLab.Study.Defects;

/// <param name="Rate">Share of training labels flipped, in (0, 1]. Default 0.02.</param>
public sealed record LabelNoiseParameters(double Rate = 0.02) : DefectParameters
{
    public const string Name = "label-noise";

    public override string DefectName => Name;

    public override void Validate(string path, List<DefectSpecError> errors) => CheckRate(Rate, path, errors);

    public override void WriteFields(Utf8JsonWriter writer) => writer.WriteNumber("rate", Rate);

    public override IDefect CreateDefect(string path) => new LabelNoise(this, path);

    internal static LabelNoiseParameters Parse(DefectJsonReader json) => new(json.Number("rate", new LabelNoiseParameters().Rate));
}

/// <summary>Flips the income label of a share of training rows, sampled without replacement (noise independent of the features).</summary>
public sealed class LabelNoise(LabelNoiseParameters parameters, string path = "$") : IDefect
{
    public string Name => LabelNoiseParameters.Name;
    public DefectParameters Parameters => parameters;

    public DefectResult Apply(DefectData input, Random random)
    {
        parameters.EnsureValid(path);
        var labels = (bool[])input.TrainLabels.Clone();
        var rows = RowSampler.Sample(random, labels.Length, RowSampler.CountFor(parameters.Rate, labels.Length));
        var changes = new CellChange[rows.Length];
        for (var i = 0; i < rows.Length; i++)
        {
            var r = rows[i];
            changes[i] = new CellChange(DataSplit.Train, r, CellChange.LabelColumn, ManifestValue.OfLabel(labels[r]), ManifestValue.OfLabel(!labels[r]));
            labels[r] = !labels[r];
        }
        return new DefectResult(input.With(DataSplit.Train, input.Train, labels), changes, [], []);
    }
}
