using MisuseLab.Learning.Glassbox;

namespace MisuseLab.Learning.Tests.Glassbox;

public class EbmOptionsTests
{
    [Fact]
    public void Defaults_are_valid()
    {
        new EbmOptions().Validate();
        Assert.NotNull(new EbmTrainer().Options);
    }

    [Fact]
    public void Validation_names_every_bad_option_at_once()
    {
        var bad = new EbmOptions
        {
            LearningRate = 0,
            MaxRounds = 0,
            EarlyStoppingRounds = 0,
            EarlyStoppingTolerance = -1,
            OuterBags = 0,
            ValidationFraction = 0.9,
            MaxLeaves = 4,
            MinSamplesLeaf = 0,
            CategoricalSmoothing = double.NaN,
            MaxBins = 256,
            MaxDegreeOfParallelism = 0,
        };
        var error = Assert.Throws<ArgumentException>(() => new EbmTrainer(bad));
        string[] names = [nameof(EbmOptions.LearningRate), nameof(EbmOptions.MaxRounds), nameof(EbmOptions.EarlyStoppingRounds),
            nameof(EbmOptions.EarlyStoppingTolerance), nameof(EbmOptions.OuterBags), nameof(EbmOptions.ValidationFraction),
            nameof(EbmOptions.MaxLeaves), nameof(EbmOptions.MinSamplesLeaf), nameof(EbmOptions.CategoricalSmoothing),
            nameof(EbmOptions.MaxBins), nameof(EbmOptions.MaxDegreeOfParallelism)];
        foreach (var name in names) Assert.Contains($"- {name} must", error.Message);
        Assert.Contains($"({names.Length})", error.Message);
        Assert.Contains("found 0.9", error.Message);
    }

    [Theory]
    [InlineData(nameof(EbmOptions.LearningRate))]
    [InlineData(nameof(EbmOptions.ValidationFraction))]
    [InlineData(nameof(EbmOptions.MaxLeaves))]
    public void A_single_bad_option_is_the_only_one_named(string name)
    {
        var options = name switch
        {
            nameof(EbmOptions.LearningRate) => new EbmOptions { LearningRate = 1.5 },
            nameof(EbmOptions.ValidationFraction) => new EbmOptions { ValidationFraction = -0.1 },
            _ => new EbmOptions { MaxLeaves = 1 },
        };
        var error = Assert.Throws<ArgumentException>(options.Validate);
        Assert.Contains("(1)", error.Message);
        Assert.Contains($"- {name} must", error.Message);
    }
}
