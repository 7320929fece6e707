using MisuseLab.Learning.Data;
using MisuseLab.Study.Defects;

namespace MisuseLab.Study.Tests.Defects;

/// <summary>Each defect on 20 + 10 hand-made rows, where the expected result can be written down.</summary>
public sealed class DefectTests
{
    private static readonly DefectData Small = DefectTestData.Small();

    private static void AssertMatchesDiff(DefectResult result, DefectData before)
    {
        // The in-memory report must agree with the independent diff too (the JSON path is tested on real data).
        var diff = IndependentDiff.Diff(before, result.Data);
        var listed = result.Changes.Where(c => c.ChangesValue)
            .Select(c => new IndependentDiff.Cell(DefectManifest.SplitName(c.Split), c.Row, c.Column, Text(c.Before), Text(c.After))).ToHashSet();
        Assert.True(diff.SetEquals(listed));

        static string Text(ManifestValue v) => v.IsMissing ? "null" : v.Text ?? v.Number!.Value.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public void Mean_imputed_age_sets_the_value_in_the_sampled_training_rows_only()
    {
        var result = DefectTestData.Apply(new MeanImputedAgeParameters(Rate: 0.25, Value: 99), Small);
        Assert.Equal(5, result.Changes.Count);
        var ages = result.Data.Train.Column("age");
        for (var r = 0; r < 20; r++)
            Assert.Equal(result.Changes.Any(c => c.Row == r) ? 99 : 20 + r, ages[r]);
        Assert.Same(Small.Test, result.Data.Test);
        AssertMatchesDiff(result, Small);
    }

    [Fact]
    public void Mean_imputed_age_on_a_categorical_column_names_the_field_and_the_numeric_columns()
    {
        var e = Assert.Throws<DefectSpecException>(() => DefectTestData.Apply(new MeanImputedAgeParameters(Column: "workclass"), Small));
        Assert.Equal("$.defects[0].column: expected a numeric column (age, hours-per-week); found 'workclass', which is categorical.", e.Message);
        e = Assert.Throws<DefectSpecException>(() => DefectTestData.Apply(new MeanImputedAgeParameters(Column: "agee"), Small));
        Assert.Equal("$.defects[0].column: expected a column of the data (age, workclass, hours-per-week); found 'agee'.", e.Message);
    }

    [Fact]
    public void Missing_values_mcar_fills_with_the_median_of_the_remaining_values()
    {
        var result = DefectTestData.Apply(new MissingValuesParameters(Rate: 0.5), Small);
        var blanked = result.Changes.Select(c => c.Row).ToHashSet();
        Assert.Equal(10, blanked.Count); // 50% of the 19 rows that have a value, rounded
        Assert.DoesNotContain(4, blanked); // already missing: not eligible, stays missing
        var left = Enumerable.Range(0, 20).Where(r => r != 4 && !blanked.Contains(r)).Select(r => 30.0 + r).Order().ToArray();
        var median = left.Length % 2 == 1 ? left[left.Length / 2] : (left[left.Length / 2 - 1] + left[left.Length / 2]) / 2;
        var hours = result.Data.Train.Column("hours-per-week");
        foreach (var r in blanked) Assert.Equal(median, hours[r]);
        Assert.True(double.IsNaN(hours[4]));
        AssertMatchesDiff(result, Small);
    }

    [Fact]
    public void Missing_values_mar_touches_only_rows_of_the_named_category()
    {
        var result = DefectTestData.Apply(new MissingValuesParameters(Rate: 1, Mechanism: "mar", DependsOn: "workclass", When: "State-gov", Imputation: "mean"), Small);
        var stateGov = Enumerable.Range(0, 20).Where(r => r % 3 == 1 && r != 4).ToArray();
        Assert.Equal(stateGov, result.Changes.Select(c => c.Row));
        var others = Enumerable.Range(0, 20).Where(r => r % 3 != 1 && r != 4).Select(r => 30.0 + r).Average();
        Assert.All(result.Changes, c => Assert.Equal(others, c.After.Number!.Value, 12));
    }

    [Fact]
    public void Missing_values_on_a_categorical_column_needs_the_mode()
    {
        var e = Assert.Throws<DefectSpecException>(() => DefectTestData.Apply(new MissingValuesParameters(Column: "workclass"), Small));
        Assert.Contains("$.defects[0].imputation: expected \"mode\" for categorical column 'workclass'", e.Message);
        var result = DefectTestData.Apply(new MissingValuesParameters(Column: "workclass", Rate: 0.1, Imputation: "mode"), Small);
        Assert.All(result.Changes, c => Assert.NotNull(c.After.Text));
        AssertMatchesDiff(result, Small);
    }

    [Fact]
    public void Missing_values_mar_with_an_unknown_category_lists_the_known_ones()
    {
        var e = Assert.Throws<DefectSpecException>(() => DefectTestData.Apply(new MissingValuesParameters(Mechanism: "mar", DependsOn: "workclass", When: "Navy"), Small));
        Assert.Equal("$.defects[0].when: expected a category of 'workclass' (Private, State-gov, Self-emp); found 'Navy'.", e.Message);
    }

    [Fact]
    public void Redundant_feature_appends_a_rescaled_copy_to_both_splits()
    {
        var result = DefectTestData.Apply(new RedundantFeatureParameters(Source: "age", NewColumn: "birth-year", Scale: -1, Offset: 1994), Small);
        Assert.Equal(["age", "workclass", "hours-per-week", "birth-year"], result.Data.Schema.Select(f => f.Name));
        Assert.Equal(1994 - 25, result.Data.Train.Column("birth-year")[5]);
        Assert.Equal(1994 - 125, result.Data.Test.Column("birth-year")[5]);
        Assert.Empty(result.Changes);
        Assert.Equal(ColumnChangeKind.Added, Assert.Single(result.ColumnChanges).Kind);
    }

    [Fact]
    public void Redundant_feature_copies_a_categorical_column_with_its_categories()
    {
        var result = DefectTestData.Apply(new RedundantFeatureParameters(Source: "workclass", NewColumn: "employer-type", Scale: 1, Offset: 0), Small);
        Assert.Equal(Small.Schema[1].Categories, result.Data.Schema[3].Categories);
        Assert.Equal(Small.Train.Column("workclass").ToArray(), result.Data.Train.Column("employer-type").ToArray());
        var e = Assert.Throws<DefectSpecException>(() => DefectTestData.Apply(new RedundantFeatureParameters(Source: "workclass", NewColumn: "x", Scale: 2), Small));
        Assert.StartsWith("$.defects[0].scale: expected scale 1 and offset 0 for categorical source 'workclass'", e.Message);
        e = Assert.Throws<DefectSpecException>(() => DefectTestData.Apply(new RedundantFeatureParameters(Source: "age", NewColumn: "hours-per-week"), Small));
        Assert.Equal("$.defects[0].newColumn: expected a name not yet in the data; found 'hours-per-week', which exists.", e.Message);
    }

    [Fact]
    public void Duplicate_rows_appends_copies_with_their_labels()
    {
        var result = DefectTestData.Apply(new DuplicateRowsParameters(0.25), Small);
        Assert.Equal(25, result.Data.Train.RowCount);
        Assert.Equal(25, result.Data.TrainLabels.Length);
        Assert.Equal(Enumerable.Range(20, 5), result.AddedRows.Select(a => a.Row));
        foreach (var a in result.AddedRows)
        {
            Assert.Equal(result.Data.Train.Row(a.SourceRow), result.Data.Train.Row(a.Row));
            Assert.Equal(Small.TrainLabels[a.SourceRow], result.Data.TrainLabels[a.Row]);
        }
        Assert.Equal(result.AddedRows.Select(a => a.SourceRow).Order(), result.AddedRows.Select(a => a.SourceRow));
    }

    [Fact]
    public void Ad_hoc_binning_replaces_the_column_by_interval_categories_in_both_splits()
    {
        var result = DefectTestData.Apply(new AdHocBinningParameters("hours-per-week", [35, 41]), Small);
        var spec = result.Data.Schema[2];
        Assert.Equal("hours-per-week", spec.Name);
        Assert.Equal<string>(["(-inf, 35)", "[35, 41)", "[41, inf)"], spec.Categories);
        var bins = result.Data.Train.Column("hours-per-week");
        Assert.Equal(0, bins[3]);      // 33
        Assert.Equal(1, bins[5]);      // 35: a cut belongs to the bin above it
        Assert.Equal(1, bins[10]);     // 40
        Assert.Equal(2, bins[11]);     // 41
        Assert.True(double.IsNaN(bins[4]));
        Assert.Equal(0, result.Data.Test.Column("hours-per-week")[0]); // 30
        Assert.Equal(1, result.Data.Test.Column("hours-per-week")[9]); // 39
    }

    [Fact]
    public void Ad_hoc_binning_uses_given_labels()
    {
        var result = DefectTestData.Apply(new AdHocBinningParameters("age", [30], ["young", "old"]), Small);
        Assert.Equal<string>(["young", "old"], result.Data.Schema[0].Categories);
    }

    [Fact]
    public void Data_drift_shifts_sampled_test_values_and_leaves_training_alone()
    {
        var result = DefectTestData.Apply(new DataDriftParameters(Column: "hours-per-week", Rate: 0.5, Shift: -3), Small);
        Assert.Same(Small.Train, result.Data.Train);
        Assert.Equal(5, result.Changes.Count);
        Assert.All(result.Changes, c =>
        {
            Assert.Equal(DataSplit.Test, c.Split);
            Assert.Equal(c.Before.Number!.Value - 3, c.After.Number!.Value);
        });
        AssertMatchesDiff(result, Small);
    }

    [Fact]
    public void Data_drift_with_a_new_category_appends_it_to_both_schemas()
    {
        var result = DefectTestData.Apply(new DataDriftParameters(Column: "workclass", Rate: 0.3, Shift: null, NewCategory: "Gig"), Small);
        Assert.Equal<string>(["Private", "State-gov", "Self-emp", "Gig"], result.Data.Schema[1].Categories);
        Assert.Equal(Small.Train.Column("workclass").ToArray(), result.Data.Train.Column("workclass").ToArray());
        Assert.Equal(3, result.Changes.Count);
        Assert.All(result.Changes, c => Assert.Equal(3, result.Data.Test.Column("workclass")[c.Row]));
        Assert.All(result.Changes, c => Assert.Equal("Gig", c.After.Text));
        AssertMatchesDiff(result, Small);
        var e = Assert.Throws<DefectSpecException>(() => DefectTestData.Apply(new DataDriftParameters(Column: "workclass", Shift: null, NewCategory: "Private"), Small));
        Assert.Contains("found 'Private', which it already has", e.Message);
    }

    [Fact]
    public void Label_noise_flips_exactly_the_listed_training_labels()
    {
        var result = DefectTestData.Apply(new LabelNoiseParameters(0.5), Small);
        Assert.Equal(10, result.Changes.Count);
        for (var r = 0; r < 20; r++)
            Assert.Equal(Small.TrainLabels[r] ^ result.Changes.Any(c => c.Row == r), result.Data.TrainLabels[r]);
        Assert.All(result.Changes, c => Assert.Equal(CellChange.LabelColumn, c.Column));
        AssertMatchesDiff(result, Small);
    }
}
