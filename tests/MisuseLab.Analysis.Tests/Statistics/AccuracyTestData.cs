using System.Globalization;
using System.Text;
using MisuseLab.Analysis.Statistics;

namespace MisuseLab.Analysis.Tests.Statistics;

/// <summary>
/// Seeded keyed answers from the model a mixed-effects analysis assumes: logit P(correct) = 1 + ability (participant,
/// SD 1) + ease (item, SD 0.7) + arm effect; two catch items per participant that attentive people get right.
/// </summary>
internal static class AccuracyTestData
{
    public static List<TrialAnswer> Generate(int seed, int participantsPerArm, int items, IReadOnlyDictionary<string, double> armEffects)
    {
        var random = new Random(seed);
        double Normal() => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        double[] ease = Enumerable.Range(0, items).Select(_ => 0.7 * Normal()).ToArray();
        var answers = new List<TrialAnswer>();
        foreach (var (arm, effect) in armEffects)
        {
            for (int p = 0; p < participantsPerArm; p++)
            {
                string id = $"{arm}-{p:D2}";
                double ability = Normal();
                for (int item = 0; item < items; item++)
                {
                    double chance = 1 / (1 + Math.Exp(-(1 + ability + ease[item] + effect)));
                    double confidence = Math.Clamp(Math.Round(0.4 + 0.5 * chance + 0.1 * Normal(), 2), 0, 1);
                    answers.Add(new TrialAnswer(id, arm, $"item{item:D2}", false, random.NextDouble() < chance, confidence));
                }

                answers.Add(new TrialAnswer(id, arm, "catch1", true, random.NextDouble() < 0.95));
                answers.Add(new TrialAnswer(id, arm, "catch2", true, random.NextDouble() < 0.95));
            }
        }

        return answers;
    }

    /// <summary>The real (non-catch) trials as participant,item,arm,correct,experience (experience: a per-participant number).</summary>
    public static string ToCsv(IEnumerable<TrialAnswer> answers)
    {
        var csv = new StringBuilder("participant,item,arm,correct,experience\n");
        foreach (var a in answers.Where(a => !a.IsCatch))
        {
            csv.Append(CultureInfo.InvariantCulture, $"{a.ParticipantId},{a.ItemId},{a.Arm},{(a.Correct ? 1 : 0)},{Experience(a.ParticipantId).ToString("R", CultureInfo.InvariantCulture)}\n");
        }

        return csv.ToString();
    }

    /// <summary>A made-up participant-level covariate, a fixed function of the id so C# and R see the same value.</summary>
    public static double Experience(string participantId) => (participantId.Sum(c => c) % 7) / 2.0;
}
