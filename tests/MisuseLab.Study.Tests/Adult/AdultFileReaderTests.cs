using MisuseLab.Learning;
using MisuseLab.Study.Adult;

namespace MisuseLab.Study.Tests.Adult;

/// <summary>Malformed copies of the UCI files: every error names file, line, column, expected and found, and a fix.</summary>
public sealed class AdultFileReaderTests : IDisposable
{
    private const string Good1 = "39, State-gov, 77516, Bachelors, 13, Never-married, Adm-clerical, Not-in-family, White, Male, 2174, 0, 40, United-States, <=50K";
    private const string Good2 = "50, Self-emp-not-inc, 83311, Bachelors, 13, Married-civ-spouse, Exec-managerial, Husband, White, Male, 0, 0, 13, United-States, >50K";
    private const string Good3 = "38, ?, 215646, HS-grad, 9, Divorced, ?, Not-in-family, White, Male, 0, 0, 40, ?, <=50K";

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Write(params string[] lines)
    {
        var path = _dir.File("adult.data");
        File.WriteAllText(path, string.Join("\n", lines) + "\n");
        return path;
    }

    private DataFormatException ReadFails(AdultFileKind kind, params string[] lines)
    {
        var path = Write(lines);
        var e = Assert.Throws<DataFormatException>(() => AdultFileReader.Read(path, kind));
        Assert.Contains(path, e.Message);
        return e;
    }

    [Fact]
    public void A_well_formed_file_with_question_marks_and_a_trailing_blank_line_reads()
    {
        var split = AdultFileReader.Read(Write(Good1, Good2, Good3, ""), AdultFileKind.Train);
        Assert.Equal(3, split.RowCount);
        Assert.Equal([false, true, false], split.Labels);
        Assert.True(double.IsNaN(split.Features.Column("workclass")[2]));
        Assert.True(double.IsNaN(split.Features.Column("native-country")[2]));
        Assert.Equal(5, split.Features.Column("workclass")[0]); // State-gov is sixth in adult.names
        Assert.Equal(215_646, split.Features.Column("fnlwgt")[2]);
    }

    [Fact]
    public void Wrong_column_count_names_the_line_and_both_counts()
    {
        var e = ReadFails(AdultFileKind.Train, Good1, Good2, "38, Private, 215646, HS-grad, 9, Divorced", Good3);
        Assert.Contains("line 3:", e.Message);
        Assert.Contains("expected 15 comma-separated values", e.Message);
        Assert.Contains("found 6 values", e.Message);
        Assert.Contains("delete it", e.Message);
    }

    [Fact]
    public void A_non_numeric_number_names_line_column_and_value()
    {
        var e = ReadFails(AdultFileKind.Train, Good1, Good2.Replace("50, ", "fifty, "));
        Assert.Contains("line 2, column 'age': expected a finite number or '?'; found 'fifty'", e.Message);
    }

    [Fact]
    public void NaN_and_infinity_spelt_out_are_not_numbers_here()
    {
        var e = ReadFails(AdultFileKind.Train, Good1.Replace(", 40, ", ", NaN, "));
        Assert.Contains("line 1, column 'hours-per-week'", e.Message);
        e = ReadFails(AdultFileKind.Train, Good1.Replace(", 2174, ", ", Infinity, "));
        Assert.Contains("column 'capital-gain'", e.Message);
    }

    [Fact]
    public void An_unknown_category_lists_the_known_ones()
    {
        var e = ReadFails(AdultFileKind.Train, Good1, Good2, Good3.Replace("Divorced", "Divorcee"));
        Assert.Contains("line 3, column 'marital-status'", e.Message);
        Assert.Contains("Married-civ-spouse, Divorced, Never-married", e.Message);
        Assert.Contains("found 'Divorcee'", e.Message);
    }

    [Fact]
    public void A_bad_label_says_which_spelling_the_file_kind_expects()
    {
        var e = ReadFails(AdultFileKind.Train, Good1, Good2.Replace(">50K", ">50K."));
        Assert.Contains("line 2, column 'income': expected '>50K' or '<=50K'; found '>50K.'", e.Message);

        e = ReadFails(AdultFileKind.Test, AdultFileReader.TestHeaderLine, Good1 + ".", Good2);
        Assert.Contains("line 3, column 'income': expected '>50K.' or '<=50K.'; found '>50K'", e.Message);
    }

    [Fact]
    public void The_test_file_must_start_with_its_header_line()
    {
        var e = ReadFails(AdultFileKind.Test, Good1 + ".");
        Assert.Contains("line 1: expected the header line '|1x3 Cross validator'", e.Message);
    }

    [Fact]
    public void The_test_file_header_is_not_a_record()
    {
        var split = AdultFileReader.Read(Write(AdultFileReader.TestHeaderLine, Good2 + ".", ""), AdultFileKind.Test);
        Assert.Equal(1, split.RowCount);
        Assert.True(split.Labels[0]);
    }

    [Fact]
    public void A_record_after_a_blank_line_is_an_error()
    {
        var e = ReadFails(AdultFileKind.Train, Good1, "", Good2);
        Assert.Contains("line 3: expected no records after the blank line 2", e.Message);
    }

    [Fact]
    public void An_empty_file_is_an_error()
    {
        var e = ReadFails(AdultFileKind.Train, "");
        Assert.Contains("found none", e.Message);
    }

    [Fact]
    public void A_missing_file_says_where_it_was_expected()
    {
        var path = _dir.File("adult.data");
        var e = Assert.Throws<DataFormatException>(() => AdultFileReader.Read(path, AdultFileKind.Train));
        Assert.Contains(path, e.Message);
        Assert.Contains("no such file", e.Message);
        Assert.Contains("--data-dir", e.Message);
    }
}
