using MisuseLab.Study.Defects;
using MisuseLab.Study.Tests.Adult;

namespace MisuseLab.Study.Tests.Defects;

public sealed class DefectPipelineTests
{
    private static DefectData Adult => DefectData.From(AdultDataFixture.Data);

    [Fact]
    public void The_same_seed_gives_a_byte_identical_manifest()
    {
        var a = DefectManifest.ToJson(DefectPipeline.Run(Adult, DefectPresets.Kaur2020, 42));
        var b = DefectManifest.ToJson(DefectPipeline.Run(Adult, DefectPresets.Kaur2020, 42));
        Assert.Equal(a, b);
        var c = DefectManifest.ToJson(DefectPipeline.Run(Adult, DefectPresets.Kaur2020, 43));
        Assert.NotEqual(a, c);
    }

    [Fact]
    public void A_defect_draws_the_same_rows_whatever_the_earlier_defects_drew()
    {
        var small = DefectTestData.Small();
        LabelNoiseParameters noise = new(Rate: 0.25);
        var runA = DefectPipeline.Run(small, [new DefectSpec(new MeanImputedAgeParameters(Rate: 0.1), "a"), new DefectSpec(noise, "b")], 5);
        var runB = DefectPipeline.Run(small, [new DefectSpec(new MeanImputedAgeParameters(Rate: 0.9), "a"), new DefectSpec(noise, "b")], 5);
        Assert.Equal(runA.Steps[1].Seed, runB.Steps[1].Seed);
        Assert.Equal(runA.Steps[1].Result.Changes.Select(c => c.Row), runB.Steps[1].Result.Changes.Select(c => c.Row));
    }

    [Fact]
    public void Defects_are_applied_in_order_each_to_the_previous_output()
    {
        var small = DefectTestData.Small();
        var run = DefectPipeline.Run(small,
            [new DefectSpec(new DuplicateRowsParameters(0.5), "a"), new DefectSpec(new LabelNoiseParameters(1.0), "b")], 1);
        Assert.Same(run.Steps[0].Result.Data, run.Steps[1].Before);
        Assert.Equal(30, run.Final.Train.RowCount);
        Assert.Equal(30, run.Steps[1].Result.Changes.Count); // every row, the 10 duplicates included, flipped
        Assert.Same(small, run.Original);
    }

    [Fact]
    public void Invalid_specifications_are_all_reported_before_anything_runs()
    {
        var e = Assert.Throws<DefectSpecException>(() => DefectPipeline.Run(DefectTestData.Small(),
            [new DefectSpec(new LabelNoiseParameters(0), "$.defects[0]"), new DefectSpec(new DuplicateRowsParameters(2), "$.defects[1]")], 1));
        Assert.Equal(["$.defects[0].rate", "$.defects[1].rate"], e.Errors.Select(x => x.Path));
    }

    [Fact]
    public void The_input_data_is_never_modified()
    {
        var small = DefectTestData.Small();
        var ages = small.Train.Column("age").ToArray();
        var labels = (bool[])small.TrainLabels.Clone();
        DefectPipeline.Run(small, DefectPresets.Kaur2020.Where(s => s.Name is "mean-imputed-age").Append(new DefectSpec(new LabelNoiseParameters(0.5), "n")).ToArray(), 3);
        Assert.Equal(ages, small.Train.Column("age").ToArray());
        Assert.Equal(labels, small.TrainLabels);
    }
}
