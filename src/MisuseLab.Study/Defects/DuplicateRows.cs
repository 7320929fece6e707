using System.Text.Json;

namespace MisuseLab.Study.Defects;

/// <param name="Rate">Share of training rows copied, in (0, 1]. Default 0.05.</param>
public sealed record DuplicateRowsParameters(double Rate = 0.05) : DefectParameters
{
    public const string Name = "duplicate-rows";

    public override string DefectName => Name;

    public override void Validate(string path, List<DefectSpecError> errors) => CheckRate(Rate, path, errors);

    public override void WriteFields(Utf8JsonWriter writer) => writer.WriteNumber("rate", Rate);

    public override IDefect CreateDefect(string path) => new DuplicateRows(this, path);

    internal static DuplicateRowsParameters Parse(DefectJsonReader json) => new(json.Number("rate", new DuplicateRowsParameters().Rate));
}

/// <summary>
/// Appends exact copies (label included) of a share of training rows, sampled without replacement, after the last
/// row in ascending order of the source row. Duplicates overweight those rows and leak between CV folds.
/// </summary>
public sealed class DuplicateRows(DuplicateRowsParameters parameters, string path = "$") : IDefect
{
    public string Name => DuplicateRowsParameters.Name;
    public DefectParameters Parameters => parameters;

    public DefectResult Apply(DefectData input, Random random)
    {
        parameters.EnsureValid(path);
        var n = input.Train.RowCount;
        var sources = RowSampler.Sample(random, n, RowSampler.CountFor(parameters.Rate, n));
        var labels = new bool[n + sources.Length];
        input.TrainLabels.CopyTo(labels, 0);
        var added = new AddedRow[sources.Length];
        for (var i = 0; i < sources.Length; i++)
        {
            labels[n + i] = input.TrainLabels[sources[i]];
            added[i] = new AddedRow(DataSplit.Train, n + i, sources[i]);
        }
        return new DefectResult(input.With(DataSplit.Train, FrameEdits.AppendCopies(input.Train, sources), labels), [], added, []);
    }
}
