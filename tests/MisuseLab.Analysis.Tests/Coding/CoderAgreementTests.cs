using MisuseLab.Analysis.Coding;
using MisuseLab.Storage.Coding;

namespace MisuseLab.Analysis.Tests.Coding;

public class CoderAgreementTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Each_code_is_judged_present_or_absent_on_the_answers_both_coders_reviewed()
    {
        // Account ids order the labels: 3 → C1, 7 → C2.
        CoderCode C(long participant, long coder, string code) => new(participant, "issues", coder, code, At);
        var codes = new List<CoderCode>
        {
            C(1, 3, "age; order"), C(1, 7, "AGE"),
            C(2, 3, ""), C(2, 7, "order"),
            C(3, 3, "age"), C(3, 7, "age; order"),
            C(4, 3, "order"), C(4, 7, ""),
            C(5, 3, "age"), // reviewed by C1 only: not a unit
        };
        var report = CoderAgreement.Compute(codes);
        Assert.Equal(["C1", "C2"], report.Coders);
        Assert.Equal(5, report.ReviewedAnswers);
        Assert.Equal(["age", "order"], report.Codes.Select(c => c.Code.ToLowerInvariant()));

        // By hand over participants 1–4. age: C1 {1,3}, C2 {1,3} → perfect agreement, κ = 1.
        var age = report.Codes[0];
        Assert.Equal((2, 0, 0, 4), (age.BothPresent, age.OnlyA, age.OnlyB, age.Kappa.Units));
        Assert.Equal(1.0, age.Kappa.Kappa, 12);
        // order: C1 {1,4}, C2 {2,3}: pₒ = 0, pₑ = 0.5·0.5 + 0.5·0.5 = 0.5, κ = −1.
        var order = report.Codes[1];
        Assert.Equal((0, 2, 2), (order.BothPresent, order.OnlyA, order.OnlyB));
        Assert.Equal(0.0, order.Kappa.ObservedAgreement, 12);
        Assert.Equal(-1.0, order.Kappa.Kappa, 12);
    }

    [Fact]
    public void One_coder_gives_no_pairs()
    {
        var report = CoderAgreement.Compute([new CoderCode(1, "issues", 5, "age", At)]);
        Assert.Equal(["C1"], report.Coders);
        Assert.Empty(report.Codes);
    }
}
