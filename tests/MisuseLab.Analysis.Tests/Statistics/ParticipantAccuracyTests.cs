using MisuseLab.Analysis.Statistics;

namespace MisuseLab.Analysis.Tests.Statistics;

/// <summary>
/// <see cref="ParticipantAccuracy"/> and <see cref="ClusterRobustLogisticRegression"/>: the robust covariance against
/// R (glm plus the sandwich formula written out, since the sandwich package is not on the Debian image), and the
/// mixed model R would fit (<c>lme4::glmer</c>) run on the same data for comparison.
/// </summary>
public class ParticipantAccuracyTests
{
    private static readonly Dictionary<string, double> ThreeArms = new() { ["gam"] = 0, ["inverted"] = -1.0, ["shap"] = 0.3 };

    /// <summary>The R that gives the numbers: glm, then vcovCL's CR1 formula by hand; also glmer, the mixed model.</summary>
    internal const string RScript = """
        d <- read.csv("data.csv", stringsAsFactors = FALSE)
        d$arm <- factor(d$arm, levels = c("gam", "inverted", "shap"))
        m <- glm(correct ~ arm + experience, family = binomial, data = d, control = glm.control(epsilon = 1e-14, maxit = 100))
        X <- model.matrix(m); S <- rowsum(X * (d$correct - fitted(m)), d$participant)
        G <- nrow(S); N <- nrow(X); K <- ncol(X)
        V <- G / (G - 1) * (N - 1) / (N - K) * vcov(m) %*% crossprod(S) %*% vcov(m)   # = sandwich::vcovCL(m, cluster = ~participant)
        for (n in names(coef(m))) cat(sprintf("coef,%s,%.15g,%.15g,%.15g\n", n, coef(m)[n], sqrt(vcov(m)[n, n]), sqrt(V[n, n])))
        cat(sprintf("loglik,glm,%.15g\n", as.numeric(logLik(m))))
        suppressMessages(library(lme4))
        g <- glmer(correct ~ arm + experience + (1 | participant) + (1 | item), family = binomial, data = d)
        s <- coef(summary(g))
        for (n in rownames(s)) cat(sprintf("glmer,%s,%.15g,%.15g,%.15g\n", n, s[n, 1], s[n, 2], s[n, 4]))
        """;

    [Fact]
    public async Task ClusterRobustSes_MatchRSandwichFormula_AndAgreeWithGlmerOnTheArmEffect()
    {
        var answers = AccuracyTestData.Generate(21, 25, 12, ThreeArms);
        var real = answers.Where(a => !a.IsCatch).ToList();
        var rows = real.Select(a => new ModelRow(a.Correct ? 1 : 0, new Dictionary<string, string> { ["arm"] = a.Arm },
            new Dictionary<string, double> { ["experience"] = AccuracyTestData.Experience(a.ParticipantId) })).ToList();
        var fit = ClusterRobustLogisticRegression.Fit(rows, real.Select(a => a.ParticipantId).ToList(), new ModelFormula(["arm", "experience"]));
        var r = ROracle.Parse(await ROracle.RunAsync(RScript, new Dictionary<string, string> { ["data.csv"] = AccuracyTestData.ToCsv(answers) }),
            "coef", "loglik", "glmer");

        Assert.Equal(["(Intercept)", "arminverted", "armshap", "experience"], fit.Coefficients.Select(c => c.Name));
        foreach (var c in fit.Coefficients)
        {
            Assert.Equal(r[("coef", c.Name)][0], c.Estimate, 1e-6);
            Assert.Equal(r[("coef", c.Name)][1], c.ModelStandardError, 1e-6);
            Assert.Equal(r[("coef", c.Name)][2], c.RobustStandardError, 1e-6);
        }

        Assert.Equal(r[("loglik", "glm")][0], fit.LogLikelihood, 1e-6);
        Assert.Equal(75 * 12, fit.Observations); // 75 participants × 12 real items: catch trials are not in the model
        Assert.Equal(75, fit.Clusters);

        // Participants differ in ability, so answers cluster: the robust SE of the arm effect exceeds the naive one.
        Assert.True(fit.Coefficient("arminverted").RobustStandardError > fit.Coefficient("arminverted").ModelStandardError);

        // glmer estimates the participant-specific effect, larger in magnitude than the population-averaged one;
        // both must see the planted drop for "inverted" (−1 on the logit scale) in the same direction and as significant.
        double glmerEffect = r[("glmer", "arminverted")][0], glmerP = r[("glmer", "arminverted")][2];
        var robust = fit.Coefficient("arminverted");
        Assert.True(glmerEffect < 0 && robust.Estimate < 0, $"glmer {glmerEffect}, cluster-robust {robust.Estimate}");
        Assert.True(glmerP < 0.05 && robust.PValue < 0.05, $"glmer p = {glmerP}, cluster-robust p = {robust.PValue}");
        Assert.True(Math.Abs(glmerEffect) > Math.Abs(robust.Estimate));
    }

    [Fact]
    public void Summarize_CountsRealAndCatchTrialsApart()
    {
        TrialAnswer[] answers =
        [
            new("p1", "gam", "i1", false, true, 0.9), new("p1", "gam", "i2", false, false, 0.7), new("p1", "gam", "c1", true, false),
            new("p2", "shap", "i1", false, true, 0.5), new("p2", "shap", "c1", true, true, 1.0),
        ];

        var rows = ParticipantAccuracy.Summarize(answers);

        Assert.Equal(new ParticipantAccuracyRow("p1", "gam", 2, 1, 0.5, 1, 0, 0.8), rows[0] with { MeanConfidence = Math.Round(rows[0].MeanConfidence, 12) });
        Assert.Equal(new ParticipantAccuracyRow("p2", "shap", 1, 1, 1.0, 1, 1, 0.5), rows[1]);
    }

    [Fact]
    public void CompareArms_ExcludesCatchTrials_AndCalibratesPerArm()
    {
        var answers = AccuracyTestData.Generate(4, 20, 10, ThreeArms);
        var result = ParticipantAccuracy.CompareArms(answers, new AccuracyComparisonOptions(ReferenceArm: "inverted"));

        Assert.Equal(600, result.Model.Observations);
        Assert.Equal(["(Intercept)", "armgam", "armshap"], result.Model.Coefficients.Select(c => c.Name));
        Assert.Equal(60, result.Participants.Count);
        Assert.All(result.Participants, p => Assert.Equal((10, 2), (p.Trials, p.CatchTrials)));

        // Calibration by brute force over the real trials of one arm.
        var gam = answers.Where(a => a.Arm == "gam" && !a.IsCatch).ToList();
        var row = result.Calibration.Single(c => c.Arm == "gam");
        Assert.Equal(gam.Average(a => a.Confidence!.Value), row.MeanConfidence, 12);
        Assert.Equal(gam.Count(a => a.Correct) / (double)gam.Count, row.Accuracy, 12);
        Assert.Equal(row.MeanConfidence - row.Accuracy, row.Overconfidence, 12);
        Assert.Equal(20, row.Participants);

        // With a logit-only arm term the fitted odds ratio is the ratio of the arms' observed odds (closed form).
        var inverted = answers.Where(a => a.Arm == "inverted" && !a.IsCatch).ToList();
        double Odds(List<TrialAnswer> t) => t.Count(a => a.Correct) / (double)t.Count(a => !a.Correct);
        Assert.Equal(Odds(gam) / Odds(inverted), result.Model.Coefficient("armgam").OddsRatio, 8);
    }

    [Fact]
    public void BadInput_NamesTheArgument()
    {
        TrialAnswer[] twoArms = [new("p1", "gam", "i1", false, true), new("p1", "shap", "i2", false, true)];
        Assert.Equal("answers", Assert.Throws<ArgumentException>(() => ParticipantAccuracy.Summarize(twoArms)).ParamName);
        Assert.Equal("answers", Assert.Throws<ArgumentException>(() =>
            ParticipantAccuracy.Summarize([new("p1", "gam", "i1", false, true, 1.5)])).ParamName);
        Assert.Equal("answers", Assert.Throws<ArgumentException>(() =>
            ParticipantAccuracy.CompareArms([new("p1", "gam", "i1", false, true), new("p2", "gam", "i1", false, false)])).ParamName);
        var answers = AccuracyTestData.Generate(4, 5, 4, ThreeArms);
        Assert.Equal("options", Assert.Throws<ArgumentException>(() =>
            ParticipantAccuracy.CompareArms(answers, new AccuracyComparisonOptions(ReferenceArm: "lime"))).ParamName);
    }

    [Fact]
    public void PerfectArm_ThrowsSeparation()
    {
        var answers = Enumerable.Range(0, 40).Select(i => new TrialAnswer($"p{i % 8}", i % 8 < 4 ? "gam" : "shap", $"i{i / 8}", false, i % 8 < 4 || i % 3 == 0)).ToList();

        var e = Assert.Throws<ModelFitException>(() => ParticipantAccuracy.CompareArms(answers));
        Assert.Contains("separation", e.Message, StringComparison.Ordinal);
    }
}
