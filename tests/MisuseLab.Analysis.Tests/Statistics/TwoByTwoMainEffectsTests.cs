using MisuseLab.Analysis.Statistics;

namespace MisuseLab.Analysis.Tests.Statistics;

public class TwoByTwoMainEffectsTests
{
    private static readonly TwoLevelFactor Explanation = new("explanation", "real", "inverted");
    private static readonly TwoLevelFactor Defects = new("defects", "clean", "defective");

    [Fact]
    public void MainEffects_EqualMannWhitneyOnPooledLevels()
    {
        var random = new Random(42);
        var observations = new List<FactorialObservation>();
        var real = new List<double>();
        var inverted = new List<double>();
        var clean = new List<double>();
        var defective = new List<double>();
        for (int i = 0; i < 60; i++)
        {
            bool isReal = random.Next(2) == 0, isClean = random.Next(2) == 0;
            double rating = random.Next(1, 8) + (isReal ? 1 : 0);
            observations.Add(new FactorialObservation(isReal ? "real" : "inverted", isClean ? "clean" : "defective", rating));
            (isReal ? real : inverted).Add(rating);
            (isClean ? clean : defective).Add(rating);
        }

        var analysis = TwoByTwoMainEffects.Analyze(Explanation, Defects, observations);

        AssertSame(MannWhitneyU.Test(real, inverted), analysis.A.Test);
        AssertSame(MannWhitneyU.Test(clean, defective), analysis.B.Test);
        Assert.Equal(real.Count, analysis.A.First.N);
        Assert.Equal(inverted.Average(), analysis.A.Second.Mean, 12);
        Assert.Equal(60, analysis.Cells.Sum(c => c.N));
        Assert.Equal("explanation=real, defects=clean", analysis.Cells[0].Group);
    }

    [Fact]
    public void FirstLevelRatedHigher_GivesPositiveEffect()
    {
        var observations = new List<FactorialObservation>
        {
            new("real", "clean", 7), new("real", "defective", 6), new("real", "clean", 6), new("real", "defective", 7),
            new("inverted", "clean", 2), new("inverted", "defective", 1), new("inverted", "clean", 1), new("inverted", "defective", 2),
        };

        var analysis = TwoByTwoMainEffects.Analyze(Explanation, Defects, observations);

        Assert.Equal(1.0, analysis.A.Test.RankBiserial);
        Assert.True(analysis.A.Test.Z > 0);
        Assert.Equal(0.0, analysis.B.Test.RankBiserial); // defects have no effect in this data
        Assert.Equal(2, analysis.Cells[0].N);
        Assert.Equal(6.5, analysis.Cells[0].Mean);
    }

    [Fact]
    public void UnknownLevel_NamesFactorAndObservation()
    {
        var observations = new List<FactorialObservation> { new("real", "clean", 1), new("Real", "clean", 2) };

        var e = Assert.Throws<ArgumentException>(() => TwoByTwoMainEffects.Analyze(Explanation, Defects, observations));

        Assert.Contains("observation 1", e.Message);
        Assert.Contains("'Real'", e.Message);
        Assert.Contains("explanation", e.Message);
    }

    [Fact]
    public void LevelWithoutObservations_Throws()
    {
        var observations = new List<FactorialObservation> { new("real", "clean", 1), new("real", "defective", 2) };

        var e = Assert.Throws<ArgumentException>(() => TwoByTwoMainEffects.Analyze(Explanation, Defects, observations));

        Assert.Contains("'inverted'", e.Message);
    }

    [Fact]
    public void FactorWithRepeatedLevel_IsRejected()
    {
        Assert.Throws<ArgumentException>(() =>
            TwoByTwoMainEffects.Analyze(new TwoLevelFactor("explanation", "real", "real"), Defects, []));
    }

    private static void AssertSame(MannWhitneyResult expected, MannWhitneyResult actual)
    {
        Assert.Equal(expected.U1, actual.U1);
        Assert.Equal(expected.Z, actual.Z, 12);
        Assert.Equal(expected.PValue, actual.PValue, 12);
        Assert.Equal(expected.RankBiserial, actual.RankBiserial, 12);
    }
}
