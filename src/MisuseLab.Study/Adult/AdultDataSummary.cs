using MisuseLab.Learning.Data;

namespace MisuseLab.Study.Adult;

/// <summary>What <c>misuselab data check</c> reports about loaded (hence checksum-verified) Adult data.</summary>
public sealed record AdultDataSummary(int TrainRows, int TestRows, string SourceDirectory, IReadOnlyList<KeyValuePair<string, int>> TrainMissing)
{
    public static AdultDataSummary Of(AdultData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return new(data.Train.RowCount, data.Test.RowCount, data.SourceDirectory, MissingCounts(data.Train.Features));
    }

    /// <summary>Missing (NaN) values per feature, in schema order, zeros included.</summary>
    public static IReadOnlyList<KeyValuePair<string, int>> MissingCounts(Frame frame)
    {
        var result = new KeyValuePair<string, int>[frame.ColumnCount];
        for (var j = 0; j < frame.ColumnCount; j++)
        {
            var missing = 0;
            foreach (var v in frame.Column(j))
                if (double.IsNaN(v)) missing++;
            result[j] = new(frame.Schema[j].Name, missing);
        }
        return result;
    }
}
