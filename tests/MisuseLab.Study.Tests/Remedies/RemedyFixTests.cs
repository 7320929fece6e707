using System.Text.Json;
using MisuseLab.Learning.Data;
using MisuseLab.Study.Defects;
using MisuseLab.Study.Remedies;
using MisuseLab.Study.Tests.Defects;

namespace MisuseLab.Study.Tests.Remedies;

public sealed class RemedyFixTests
{
    private static DefectRun Run(params DefectParameters[] defects) =>
        DefectPipeline.Run(DefectTestData.Small(), [.. defects.Select((d, i) => new DefectSpec(d, $"$.defects[{i}]"))], seed: 3);

    private static RemedyContext Context(DefectRun run, double[]? probabilities = null) =>
        new(run.Original, RemedyStart.OriginalTrainRows(run), probabilities ?? new double[run.Final.Train.RowCount]);

    [Fact]
    public void The_clean_test_set_undoes_drift_but_keeps_the_final_schema()
    {
        var run = Run(new DataDriftParameters(Column: "age", Rate: 0.5, Shift: 5), new RedundantFeatureParameters(Source: "age", NewColumn: "age-copy", Scale: 1));
        var start = RemedyStart.From(run);

        Assert.Contains(run.Steps[0].Result.Changes, c => c.Split == DataSplit.Test && c.ChangesValue);
        Assert.Equal(run.Original.Test.Column("age").ToArray(), start.Test.Column("age").ToArray());
        Assert.Equal(run.Final.Schema, start.Test.Schema);
    }

    [Fact]
    public void Missing_value_blanks_exactly_the_training_cells_holding_the_value()
    {
        var run = Run(new MeanImputedAgeParameters(Column: "age", Rate: 0.3, Value: 25));
        var start = RemedyStart.From(run);
        var fixedData = new MissingValueFix("age", 25).Apply(start, Context(run), "$.fix");

        var before = start.Train.Column("age").ToArray();
        var after = fixedData.Train.Column("age").ToArray();
        for (var r = 0; r < before.Length; r++)
            Assert.Equal(before[r] == 25 ? double.NaN : before[r], after[r]);
        Assert.Equal(start.Test.Column("age").ToArray(), fixedData.Test.Column("age").ToArray());
    }

    [Fact]
    public void Dropping_duplicates_recovers_the_original_rows_of_data_without_genuine_repeats()
    {
        var run = Run(new DuplicateRowsParameters(Rate: 0.25));
        var start = RemedyStart.From(run);
        Assert.Equal(25, start.Train.RowCount);

        var fixedData = new DropDuplicateRowsFix().Apply(start, Context(run), "$.fix");

        Assert.Equal(Enumerable.Range(0, 20), fixedData.TrainRows);
        Assert.Equal(run.Original.TrainLabels, fixedData.TrainLabels);
    }

    [Fact]
    public void Restoring_a_binned_column_brings_back_the_raw_values_in_both_splits_even_for_copied_rows()
    {
        var run = Run(new AdHocBinningParameters("hours-per-week", [35, 45]), new DuplicateRowsParameters(Rate: 0.2));
        var start = RemedyStart.From(run);
        Assert.True(start.Train.Schema[2].IsCategorical);

        var fixedData = new RestoreColumnFix("hours-per-week").Apply(start, Context(run), "$.fix");

        var raw = run.Original.Train.Column("hours-per-week").ToArray();
        var added = run.Steps[1].Result.AddedRows;
        var expected = raw.Concat(added.Select(a => raw[a.SourceRow])).ToArray();
        Assert.Equal(expected, fixedData.Train.Column("hours-per-week").ToArray());
        Assert.Equal(run.Original.Test.Column("hours-per-week").ToArray(), fixedData.Test.Column("hours-per-week").ToArray());
        Assert.False(fixedData.Train.Schema[2].IsCategorical);
    }

    [Fact]
    public void Dropping_a_column_removes_it_from_both_splits()
    {
        var run = Run(new LabelNoiseParameters(Rate: 0.1));
        var fixedData = new DropColumnFix("workclass").Apply(RemedyStart.From(run), Context(run), "$.fix");
        Assert.Equal(["age", "hours-per-week"], fixedData.Train.Schema.Select(f => f.Name));
        Assert.Equal(fixedData.Train.Schema, fixedData.Test.Schema);
        var error = Assert.Throws<DefectSpecException>(() => new DropColumnFix("race").Apply(RemedyStart.From(run), Context(run), "$.remedies[2].fix"));
        Assert.Equal("$.remedies[2].fix.column", Assert.Single(error.Errors).Path);
    }

    [Fact]
    public void Suspected_noise_is_every_row_whose_label_has_probability_below_the_threshold()
    {
        var run = Run(new LabelNoiseParameters(Rate: 0.1));
        var start = RemedyStart.From(run);
        var probabilities = Enumerable.Range(0, 20).Select(r => r / 19.0).ToArray();
        var fixedData = new DropSuspectedLabelNoiseFix(0.2).Apply(start, Context(run, probabilities), "$.fix");

        var expected = new List<int>();
        for (var r = 0; r < 20; r++)
            if ((start.TrainLabels[r] ? probabilities[r] : 1 - probabilities[r]) >= 0.2) expected.Add(r);
        Assert.Equal(expected, fixedData.TrainRows);
        Assert.True(expected.Count < 20);
    }

    [Fact]
    public void Fixes_parse_with_errors_that_name_their_path()
    {
        var errors = new List<DefectSpecError>();
        Assert.Null(RemedyFix.TryParse(JsonDocument.Parse("""{"op": "missing-value", "column": "age", "valu": 38}""").RootElement, "$.remedies[0].fix", errors));
        Assert.Contains(errors, e => e.Path == "$.remedies[0].fix.valu");
        errors.Clear();
        Assert.Null(RemedyFix.TryParse(JsonDocument.Parse("""{"op": "reweight"}""").RootElement, "$.remedies[1].fix", errors));
        Assert.Equal("$.remedies[1].fix.op", Assert.Single(errors).Path);
        Assert.Equal(new MissingValueFix("age", 38), RemedyFix.Parse(JsonDocument.Parse("""{"op": "missing-value", "column": "age", "value": 38}""").RootElement, "$"));
    }

    [Fact]
    public void A_menu_applies_choices_in_menu_order_and_rejects_unknown_ids()
    {
        var menu = new RemedyMenu([
            new RemedyOption("a", "A", "label-noise", new DropDuplicateRowsFix()),
            new RemedyOption("b", "B", null, new DropColumnFix("race")),
            new RemedyOption("c", "C", "duplicate-rows", new DropDuplicateRowsFix()),
        ]);
        Assert.Equal(["a", "c"], menu.Resolve(["c", "a"]).Select(o => o.Id));
        Assert.Equal(0b101, menu.MaskOf(menu.Resolve(["c", "a"])));
        Assert.Equal(["c"], menu.Oracle(["duplicate-rows", "mean-imputed-age"]).Select(o => o.Id));
        Assert.Contains("'z'", Assert.Throws<DefectSpecException>(() => menu.Resolve(["z"])).Message);
        Assert.Throws<DefectSpecException>(() => menu.Resolve(["a", "a"]));
    }
}

public sealed class RemedyMenuValidationTests
{
    [Fact]
    public void A_remedy_for_a_defect_the_study_does_not_inject_is_an_error_at_its_path()
    {
        var study = Definitions.StudyTestFiles.Node("kaur2020-utility.json");
        study["remedies"]![1]!["defect"] = "label-noise";
        study["remedies"]![2]!["fix"]!["column"] = "";
        var result = Definitions.StudyTestFiles.Validate(study);
        Assert.Contains(result.Errors, e => e.Code == MisuseLab.Study.Definitions.StudyErrorCodes.UnknownReference && e.Path == "$.remedies[1].defect");
        Assert.Contains(result.Errors, e => e.Path == "$.remedies[2].fix.column");
    }

    [Fact]
    public void The_shipped_utility_study_reads_its_menu_with_decoys()
    {
        var result = MisuseLab.Study.Definitions.StudyValidator.Validate(Definitions.StudyTestFiles.Text("kaur2020-utility.json"));
        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        var menu = result.Definition!.RemedyMenu();
        Assert.Equal(result.Definition.Remedies.Select(r => r.Id), menu.Options.Select(o => o.Id));
        Assert.Contains(menu.Options, o => o.IsDecoy);
        Assert.True(menu.Options.Count <= RemedyMenu.MaxPrecomputed);
    }
}
