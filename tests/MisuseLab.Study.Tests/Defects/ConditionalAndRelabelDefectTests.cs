using MisuseLab.Study.Defects;

namespace MisuseLab.Study.Tests.Defects;

/// <summary>The two defects added for the Kaur et al. replication, on the 20 + 10 hand-made rows.</summary>
public sealed class ConditionalAndRelabelDefectTests
{
    private static readonly DefectData Small = DefectTestData.Small();

    [Fact]
    public void Mean_imputed_age_with_a_label_condition_touches_only_rows_with_that_income()
    {
        // Rows 0, 4, 8, 12, 16 are >50K in the small data (r mod 4 = 0); rate 0.4 of 5 rows = 2 rows.
        var result = DefectTestData.Apply(new MeanImputedAgeParameters(Rate: 0.4, Value: 99, When: new RowCondition(">50K")), Small);
        Assert.Equal(2, result.Changes.Count);
        Assert.All(result.Changes, c => Assert.Equal(0, c.Row % 4));
        var ages = result.Data.Train.Column("age");
        for (var r = 0; r < 20; r++)
            Assert.Equal(result.Changes.Any(c => c.Row == r) ? 99 : 20 + r, ages[r]);

        var below = DefectTestData.Apply(new MeanImputedAgeParameters(Rate: 1, Value: 99, When: new RowCondition("<=50K")), Small);
        Assert.Equal(Enumerable.Range(0, 20).Where(r => r % 4 != 0), below.Changes.Select(c => c.Row));
    }

    [Fact]
    public void A_condition_no_row_meets_names_its_path()
    {
        var none = new DefectData(Small.Train, new bool[20], Small.Test, Small.TestLabels);
        var e = Assert.Throws<DefectSpecException>(() => DefectTestData.Apply(new MeanImputedAgeParameters(When: new RowCondition(">50K")), none));
        Assert.Equal("$.defects[0].when.label: expected training rows with income >50K; found none.", e.Message);
    }

    [Fact]
    public void Relabelled_category_splits_one_category_in_the_given_shares_in_both_splits()
    {
        // State-gov is code 1: train rows 1, 4, 7, 10, 13, 16, 19 (7 rows) and test rows 1, 4, 7 (3 rows).
        var parameters = new RelabelledCategoryParameters("workclass", "State-gov", ["State-gov", "State-govt", "State"], [0.5, 0.25, 0.25]);
        var result = DefectTestData.Apply(parameters, Small);
        var spec = result.Data.Schema[1];
        Assert.Equal<string>(["Private", "State-gov", "Self-emp", "State-govt", "State"], spec.Categories);

        foreach (var (before, after, expected) in new[] { (Small.Train, result.Data.Train, new[] { 4, 2, 1 }), (Small.Test, result.Data.Test, new[] { 2, 1, 0 }) })
        {
            var old = before.Column("workclass");
            var now = after.Column("workclass");
            var counts = new int[3];
            for (var r = 0; r < old.Length; r++)
            {
                if (old[r] != 1) { Assert.Equal(old[r], now[r]); continue; }
                counts[now[r] switch { 1 => 0, 3 => 1, 4 => 2, _ => throw new Xunit.Sdk.XunitException($"row {r} got code {now[r]}") }]++;
            }
            // round(0.5 × 7) = 4 and round(0.25 × 7) = 2, the rest 1; of 3 rows: round(1.5) = 2, round(0.75) = 1, rest 0.
            Assert.Equal(expected, counts);
        }
        Assert.Equal(3 + 1, result.Changes.Count);
        Assert.All(result.Changes, c => { Assert.Equal("State-gov", c.Before.Text); Assert.NotEqual("State-gov", c.After.Text); });
        var column = Assert.Single(result.ColumnChanges);
        Assert.Equal(ColumnChangeKind.CategoryAdded, column.Kind);
        Assert.Equal(result.Data.Train.Column("age").ToArray(), Small.Train.Column("age").ToArray());
        Assert.Equal(result.Data.Test.Column("hours-per-week").ToArray(), Small.Test.Column("hours-per-week").ToArray());
    }

    [Fact]
    public void Relabelled_category_rejects_an_unknown_category_or_a_numeric_column()
    {
        var e = Assert.Throws<DefectSpecException>(() => DefectTestData.Apply(new RelabelledCategoryParameters("workclass", "Federal-gov"), Small));
        Assert.Equal("$.defects[0].category: expected a category of 'workclass' (Private, State-gov, Self-emp); found 'Federal-gov'.", e.Message);
        e = Assert.Throws<DefectSpecException>(() => DefectTestData.Apply(new RelabelledCategoryParameters("age", "x", ["a", "b"]), Small));
        Assert.StartsWith("$.defects[0].column: expected a categorical column", e.Message);
    }

    [Fact]
    public void Equal_shares_are_the_default_and_the_counts_always_add_up()
    {
        var p = new RelabelledCategoryParameters();
        Assert.Equal([1.0 / 3, 1.0 / 3, 1.0 / 3], p.EffectiveShares());
        for (var n = 0; n < 50; n++) Assert.Equal(n, p.Counts(n).Sum());
        Assert.Equal([320, 320, 320], p.Counts(960));
        Assert.Equal([157, 157, 158], p.Counts(472));
    }
}
