using System.Text.Json;
using MisuseLab.Study.Defects;

namespace MisuseLab.Study.Tests.Defects;

public sealed class DefectSpecTests
{
    private static DefectSpec Parse(string json) => DefectSpec.Parse(JsonDocument.Parse(json).RootElement, "$.defects[2]");

    private static DefectSpecException Fails(string json) => Assert.Throws<DefectSpecException>(() => Parse(json));

    private static string ToJson(DefectSpec spec)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream)) spec.WriteJson(writer);
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    [Fact]
    public void The_study_file_form_parses_with_defaults_for_omitted_fields()
    {
        var spec = Parse("""{"name": "mean-imputed-age", "rate": 0.1, "value": 38}""");
        Assert.Equal(new MeanImputedAgeParameters("age", 0.1, 38), spec.Parameters);
        Assert.Equal("$.defects[2]", spec.Path);
        Assert.Equal(new DuplicateRowsParameters(0.05), Parse("""{"name": "duplicate-rows"}""").Parameters);
    }

    [Fact]
    public void Every_kaur2020_defect_round_trips_through_its_json()
    {
        foreach (var spec in DefectPresets.Kaur2020)
        {
            var json = ToJson(spec);
            var again = Parse(json);
            Assert.Equal(json, ToJson(again));
            Assert.Equal(spec.Name, again.Name);
        }
        Assert.Equal(["mean-imputed-age", "relabelled-category", "ad-hoc-binning"], DefectPresets.Kaur2020.Select(s => s.Name));
    }

    [Fact]
    public void Every_defect_with_its_defaults_round_trips_through_its_json()
    {
        foreach (var name in DefectSpec.DefectNames)
        {
            var spec = Parse($$"""{"name": "{{name}}"}""");
            var json = ToJson(spec);
            Assert.Equal(json, ToJson(Parse(json)));
        }
    }

    [Fact]
    public void A_row_condition_parses_and_is_written_back()
    {
        var spec = Parse("""{"name": "mean-imputed-age", "when": {"label": ">50K"}}""");
        Assert.Equal(new MeanImputedAgeParameters(When: new RowCondition(">50K")), spec.Parameters);
        Assert.Equal("""{"name":"mean-imputed-age","column":"age","rate":0.1,"value":38,"when":{"label":"\u003E50K"}}""", ToJson(spec));
    }

    [Fact]
    public void An_unknown_defect_name_lists_the_known_ones()
    {
        var e = Fails("""{"name": "mean-imputed-agge"}""");
        Assert.Equal("$.defects[2].name", Assert.Single(e.Errors).Path);
        Assert.Contains("found \"mean-imputed-agge\"", e.Message);
        Assert.Contains("mean-imputed-age, missing-values, redundant-feature, duplicate-rows, ad-hoc-binning, data-drift, label-noise, relabelled-category", e.Message);
    }

    [Fact]
    public void A_missing_name_or_a_non_object_is_reported_at_its_path()
    {
        Assert.Equal("$.defects[2].name: expected the defect's name, one of: mean-imputed-age, missing-values, redundant-feature, duplicate-rows, ad-hoc-binning, data-drift, label-noise, relabelled-category; found no \"name\".",
            Fails("""{"rate": 0.1}""").Message);
        Assert.Equal("$.defects[2]: expected a defect object such as {\"name\": \"label-noise\", \"rate\": 0.02}; found the string \"label-noise\".",
            Fails("\"label-noise\"").Message);
    }

    [Fact]
    public void Wrong_types_and_unknown_fields_are_all_reported_with_paths()
    {
        var e = Fails("""{"name": "ad-hoc-binning", "column": 7, "cuts": [1, "two"], "lables": ["a"]}""");
        Assert.Equal(
            [
                "$.defects[2].column: expected a string; found the number 7.",
                "$.defects[2].cuts[1]: expected a number; found the string \"two\".",
                "$.defects[2].lables: 'ad-hoc-binning' has no field 'lables'; expected only: name, column, cuts, labels.",
            ],
            e.Errors.Select(x => x.ToString()));
    }

    [Theory]
    [InlineData("""{"name": "label-noise", "rate": 0}""", "$.defects[2].rate: expected a share of rows in (0, 1], such as 0.1 for 10%; found 0.")]
    [InlineData("""{"name": "duplicate-rows", "rate": 1.5}""", "$.defects[2].rate: expected a share of rows in (0, 1], such as 0.1 for 10%; found 1.5.")]
    [InlineData("""{"name": "missing-values", "mechanism": "mnar"}""", "$.defects[2].mechanism: expected \"mcar\" (missing completely at random) or \"mar\" (depending on another column); found \"mnar\".")]
    [InlineData("""{"name": "missing-values", "mechanism": "mar", "dependsOn": "sex"}""", "$.defects[2].when: expected the category of 'sex' whose rows lose values (mechanism \"mar\"); found nothing.")]
    [InlineData("""{"name": "missing-values", "when": "Male"}""", "$.defects[2].when: only applies to mechanism \"mar\"; found mechanism \"mcar\". Remove the field or set \"mechanism\": \"mar\".")]
    [InlineData("""{"name": "missing-values", "imputation": "zero"}""", "$.defects[2].imputation: expected \"median\", \"mean\" or \"mode\"; found \"zero\".")]
    [InlineData("""{"name": "redundant-feature", "scale": 0}""", "$.defects[2].scale: expected a finite non-zero number (0 would make a constant, not a redundant copy); found 0.")]
    [InlineData("""{"name": "redundant-feature", "source": "age", "newColumn": "age"}""", "$.defects[2].newColumn: expected a name other than the source's; found 'age' for both.")]
    [InlineData("""{"name": "ad-hoc-binning", "cuts": []}""", "$.defects[2].cuts: expected at least one cut point; found an empty array.")]
    [InlineData("""{"name": "ad-hoc-binning", "cuts": [5, 5]}""", "$.defects[2].cuts[1]: expected a cut greater than the previous one (5); found 5. Cuts must strictly increase.")]
    [InlineData("""{"name": "ad-hoc-binning", "cuts": [5], "labels": ["low"]}""", "$.defects[2].labels: expected one label per bin (2 for 1 cuts); found 1.")]
    [InlineData("""{"name": "ad-hoc-binning", "cuts": [5], "labels": ["x", "x"]}""", "$.defects[2].labels[1]: expected distinct labels; found 'x' again.")]
    [InlineData("""{"name": "data-drift", "column": "workclass", "shift": 2, "newCategory": "Gig"}""", "$.defects[2].newCategory: expected either \"shift\" (numeric column) or \"newCategory\" (categorical column); found both.")]
    [InlineData("""{"name": "data-drift", "shift": 0}""", "$.defects[2].shift: expected a finite non-zero number; found 0.")]
    [InlineData("""{"name": "mean-imputed-age", "column": ""}""", "$.defects[2].column: expected a column name; found an empty string.")]
    [InlineData("""{"name": "mean-imputed-age", "when": {"label": "rich"}}""", "$.defects[2].when.label: expected \">50K\" or \"<=50K\"; found \"rich\".")]
    [InlineData("""{"name": "mean-imputed-age", "when": {"income": ">50K"}}""", "$.defects[2].when.income: a row condition has no field 'income'; expected only: label.")]
    [InlineData("""{"name": "mean-imputed-age", "when": {}}""", "$.defects[2].when.label: expected the income label rows must have (\">50K\" or \"<=50K\"); found no \"label\".")]
    [InlineData("""{"name": "mean-imputed-age", "when": ">50K"}""", "$.defects[2].when: expected an object; found the string \">50K\".")]
    [InlineData("""{"name": "relabelled-category", "labels": ["Federal-gov"]}""", "$.defects[2].labels: expected at least two spellings to split the category into; found 1.")]
    [InlineData("""{"name": "relabelled-category", "labels": ["a", "a"]}""", "$.defects[2].labels[1]: expected distinct labels; found 'a' again.")]
    [InlineData("""{"name": "relabelled-category", "labels": ["a", "b"], "shares": [0.5, 0.4]}""", "$.defects[2].shares: expected shares summing to 1; found 0.9.")]
    [InlineData("""{"name": "relabelled-category", "labels": ["a", "b"], "shares": [1]}""", "$.defects[2].shares: expected one share per label (2); found 1.")]
    public void Out_of_range_values_get_one_precise_message(string json, string message)
    {
        Assert.Equal(message, Assert.Single(Fails(json).Errors).ToString());
    }

    [Fact]
    public void Data_drift_takes_the_default_shift_only_when_no_drift_is_named()
    {
        Assert.Equal(new DataDriftParameters("age", 0.2, 5, null), Parse("""{"name": "data-drift"}""").Parameters);
        Assert.Equal(new DataDriftParameters("workclass", 0.2, null, "Gig"), Parse("""{"name": "data-drift", "column": "workclass", "newCategory": "Gig"}""").Parameters);
    }

    [Fact]
    public void A_list_reports_the_errors_of_every_entry()
    {
        var json = JsonDocument.Parse("""[{"name": "label-noise", "rate": 2}, {"name": "duplicate-rows"}, {"name": "nope"}]""").RootElement;
        var e = Assert.Throws<DefectSpecException>(() => DefectSpec.ParseList(json, "$.defects"));
        Assert.Equal(["$.defects[0].rate", "$.defects[2].name"], e.Errors.Select(x => x.Path));
        Assert.StartsWith("2 errors in defect specifications:", e.Message);
    }
}
