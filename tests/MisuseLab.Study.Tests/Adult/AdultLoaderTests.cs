using MisuseLab.Learning.Data;
using MisuseLab.Study.Adult;

namespace MisuseLab.Study.Tests.Adult;

public sealed class AdultLoaderTests
{
    private static AdultData Data => AdultDataFixture.Data;

    [Fact]
    public void Both_splits_have_the_documented_record_counts()
    {
        Assert.Equal(32_561, Data.Train.RowCount);
        Assert.Equal(32_561, Data.Train.Labels.Length);
        Assert.Equal(16_281, Data.Test.RowCount);
        Assert.Equal(16_281, Data.Test.Labels.Length);
        Assert.Equal(Path.GetFullPath(AdultDataFixture.Directory), Data.SourceDirectory);
        Assert.Equal(Path.Combine(Data.SourceDirectory, "adult.data"), Data.Train.FilePath);
        Assert.Equal(Path.Combine(Data.SourceDirectory, "adult.test"), Data.Test.FilePath);
    }

    [Fact]
    public void Question_marks_become_NaN_only_in_the_three_columns_that_have_them()
    {
        var expected = new Dictionary<string, int> { ["workclass"] = 1_836, ["occupation"] = 1_843, ["native-country"] = 583 };
        var frame = Data.Train.Features;
        for (var j = 0; j < frame.ColumnCount; j++)
        {
            var missing = 0;
            foreach (var v in frame.Column(j)) if (double.IsNaN(v)) missing++;
            Assert.Equal(expected.GetValueOrDefault(frame.Schema[j].Name), missing);
        }
    }

    [Fact]
    public void Missing_counts_match_a_count_of_question_marks_in_the_raw_file()
    {
        var raw = new int[14];
        foreach (var line in File.ReadLines(Data.Train.FilePath))
        {
            if (line.Length == 0) continue;
            var fields = line.Split(", ");
            for (var j = 0; j < 14; j++) if (fields[j] == "?") raw[j]++;
        }
        for (var j = 0; j < 14; j++)
        {
            var missing = 0;
            foreach (var v in Data.Train.Features.Column(j)) if (double.IsNaN(v)) missing++;
            Assert.Equal(raw[j], missing);
        }
    }

    [Fact]
    public void Training_labels_count_7841_incomes_above_50K()
    {
        Assert.Equal(7_841, Data.Train.Labels.Count(l => l));
    }

    [Fact]
    public void Test_file_header_is_skipped_and_dotted_labels_are_parsed()
    {
        var lines = File.ReadAllLines(Data.Test.FilePath);
        Assert.Equal(AdultFileReader.TestHeaderLine, lines[0]);
        var records = lines.Skip(1).Where(l => l.Length > 0).ToArray();
        var positives = records.Count(l => l.EndsWith(", >50K.", StringComparison.Ordinal));
        var negatives = records.Count(l => l.EndsWith(", <=50K.", StringComparison.Ordinal));

        Assert.Equal(records.Length, positives + negatives);
        Assert.Equal(records.Length, Data.Test.RowCount);
        Assert.Equal(positives, Data.Test.Labels.Count(l => l));

        // The first data row is the file's second line: "25, Private, 226802, 11th, 7, ... <=50K."
        var first = Data.Test.Features.Row(0);
        var schema = Data.Test.Features.Schema;
        Assert.Equal(25, first[schema.IndexOf("age")]);
        Assert.Equal("Private", Category(schema, "workclass", first));
        Assert.Equal(226_802, first[schema.IndexOf("fnlwgt")]);
        Assert.False(Data.Test.Labels[0]);
    }

    [Fact]
    public void Every_row_decodes_back_to_its_line_in_the_file()
    {
        // Independent re-reading with plain string operations, compared cell by cell on both files.
        foreach (var split in new[] { Data.Train, Data.Test })
        {
            var records = File.ReadLines(split.FilePath).Where(l => l.Length > 0 && !l.StartsWith('|')).ToArray();
            Assert.Equal(records.Length, split.RowCount);
            var schema = split.Features.Schema;
            var row = new double[schema.Count];
            for (var i = 0; i < records.Length; i++)
            {
                var fields = records[i].Split(", ");
                split.Features.CopyRow(i, row);
                for (var j = 0; j < schema.Count; j++)
                {
                    var text = double.IsNaN(row[j]) ? "?"
                        : schema[j].IsCategorical ? schema[j].Categories[(int)row[j]]
                        : row[j].ToString(System.Globalization.CultureInfo.InvariantCulture);
                    if (text != fields[j]) Assert.Fail($"{split.FilePath} record {i}, column {schema[j].Name}: file '{fields[j]}', loaded '{text}'.");
                }
                Assert.Equal(fields[14].StartsWith('>'), split.Labels[i]);
            }
        }
    }

    [Fact]
    public void Schema_lists_features_and_categories_exactly_as_adult_names_does()
    {
        // adult.names ends with lines "feature: value, value, ...." or "feature: continuous."
        var declared = File.ReadLines(Path.Combine(AdultDataFixture.Directory, "adult.names"))
            .Where(l => !l.StartsWith('|') && l.Contains(": ", StringComparison.Ordinal))
            .Select(l => (Name: l[..l.IndexOf(':')], Values: l[(l.IndexOf(':') + 2)..].TrimEnd('.').Split(", ")))
            .ToArray();
        Assert.Equal(14, declared.Length);
        for (var j = 0; j < 14; j++)
        {
            var spec = AdultSchema.Schema[j];
            Assert.Equal(declared[j].Name, spec.Name);
            if (declared[j].Values is ["continuous"]) Assert.Equal(FeatureKind.Numeric, spec.Kind);
            else Assert.Equal(declared[j].Values, spec.Categories);
        }
    }

    private static string Category(FeatureSchema schema, string feature, double[] row) =>
        schema[schema.IndexOf(feature)].Categories[(int)row[schema.IndexOf(feature)]];
}
