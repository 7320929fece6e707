namespace MisuseLab.Analysis.Statistics;

/// <summary>One keyed answer: whether it matched the key, on a real or a catch (attention) trial, with the stated
/// confidence mapped to [0, 1] when the study asked for it.</summary>
public sealed record TrialAnswer(string ParticipantId, string Arm, string ItemId, bool IsCatch, bool Correct, double? Confidence = null);

/// <summary>One participant's accuracy on the real trials; catch trials are counted apart and used only for exclusion.</summary>
public sealed record ParticipantAccuracyRow(
    string ParticipantId, string Arm, int Trials, int Correct, double Accuracy, int CatchTrials, int CatchCorrect, double MeanConfidence);

/// <summary>Calibration of an arm over its real trials that carry a confidence: mean confidence vs accuracy.
/// <see cref="Overconfidence"/> = mean confidence − accuracy (&gt; 0: more confident than right), pooled over trials;
/// <see cref="MeanParticipantOverconfidence"/> averages each participant's own gap, so every person counts once.</summary>
public sealed record CalibrationRow(string Arm, int Participants, int Trials, double MeanConfidence, double Accuracy, double Overconfidence, double MeanParticipantOverconfidence);

/// <summary>Options of <see cref="ParticipantAccuracy.CompareArms"/>.</summary>
/// <param name="ReferenceArm">The arm the others are compared with (odds ratio of being correct vs this arm);
/// default the first arm in ordinal order.</param>
public sealed record AccuracyComparisonOptions(string? ReferenceArm = null, double ConfidenceLevel = 0.95)
{
    public void Validate(string parameterName) => SampleGuard.ConfidenceLevel(ConfidenceLevel, parameterName + "." + nameof(ConfidenceLevel));
}

/// <summary>Participant accuracies, the arms compared by cluster-robust logistic regression, and calibration.</summary>
public sealed record AccuracyComparison(
    IReadOnlyList<ParticipantAccuracyRow> Participants, ClusterRobustResult Model, IReadOnlyList<CalibrationRow> Calibration);

/// <summary>
/// Accuracy on comprehension / forward-simulation trials with the participant as the unit: one accuracy per
/// participant, catch trials kept out of it, and arms compared by a logistic regression
/// <c>correct ~ arm</c> on the real trials with cluster-robust (CR1, by participant) standard errors — see
/// <see cref="ClusterRobustLogisticRegression"/> for why this rather than <c>lme4::glmer</c>, which the R script reports alongside.
/// </summary>
public static class ParticipantAccuracy
{
    /// <summary>One row per participant, ordered by id (ordinal).</summary>
    /// <exception cref="ArgumentException">A participant appears in two arms, or a confidence lies outside [0, 1].</exception>
    public static IReadOnlyList<ParticipantAccuracyRow> Summarize(IReadOnlyList<TrialAnswer> answers)
    {
        Validate(answers);
        return answers.GroupBy(a => a.ParticipantId, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g =>
        {
            var real = g.Where(a => !a.IsCatch).ToList();
            var catches = g.Where(a => a.IsCatch).ToList();
            var confidences = real.Where(a => a.Confidence.HasValue).Select(a => a.Confidence!.Value).ToList();
            int correct = real.Count(a => a.Correct);
            return new ParticipantAccuracyRow(g.Key, g.First().Arm, real.Count, correct, real.Count == 0 ? double.NaN : (double)correct / real.Count,
                catches.Count, catches.Count(a => a.Correct), confidences.Count == 0 ? double.NaN : confidences.Average());
        }).ToList();
    }

    /// <summary>Compares arms on the real trials (catch trials excluded) and reports calibration per arm.</summary>
    public static AccuracyComparison CompareArms(IReadOnlyList<TrialAnswer> answers, AccuracyComparisonOptions? options = null)
    {
        options ??= new AccuracyComparisonOptions();
        options.Validate(nameof(options));
        var participants = Summarize(answers);
        var real = answers.Where(a => !a.IsCatch).ToList();
        var arms = real.Select(a => a.Arm).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (arms.Count < 2)
        {
            throw new ArgumentException($"Expected real (non-catch) trials from at least two arms, found [{string.Join(", ", arms)}].", nameof(answers));
        }

        if (options.ReferenceArm is { } reference)
        {
            if (!arms.Remove(reference))
            {
                throw new ArgumentException($"Expected the reference arm among [{string.Join(", ", arms)}], found '{reference}'.", nameof(options));
            }

            arms.Insert(0, reference);
        }

        var rows = real.Select(a => new ModelRow(a.Correct ? 1 : 0, new Dictionary<string, string> { ["arm"] = a.Arm })).ToList();
        var formula = new ModelFormula(["arm"], new Dictionary<string, IReadOnlyList<string>> { ["arm"] = arms });
        var model = ClusterRobustLogisticRegression.Fit(rows, real.Select(a => a.ParticipantId).ToList(), formula,
            new ClusterRobustOptions(options.ConfidenceLevel));
        return new AccuracyComparison(participants, model, Calibration(real, arms));
    }

    private static List<CalibrationRow> Calibration(List<TrialAnswer> real, List<string> arms)
    {
        var result = new List<CalibrationRow>();
        foreach (string arm in arms)
        {
            var rated = real.Where(a => a.Arm == arm && a.Confidence.HasValue).ToList();
            if (rated.Count == 0)
            {
                continue;
            }

            double confidence = rated.Average(a => a.Confidence!.Value);
            double accuracy = rated.Average(a => a.Correct ? 1.0 : 0.0);
            double perParticipant = rated.GroupBy(a => a.ParticipantId, StringComparer.Ordinal)
                .Average(g => g.Average(a => a.Confidence!.Value) - g.Average(a => a.Correct ? 1.0 : 0.0));
            result.Add(new CalibrationRow(arm, rated.Select(a => a.ParticipantId).Distinct(StringComparer.Ordinal).Count(), rated.Count,
                confidence, accuracy, confidence - accuracy, perParticipant));
        }

        return result;
    }

    private static void Validate(IReadOnlyList<TrialAnswer> answers)
    {
        ArgumentNullException.ThrowIfNull(answers);
        var armOf = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int i = 0; i < answers.Count; i++)
        {
            var a = answers[i] ?? throw new ArgumentException($"Expected an answer at index {i}, found null.", nameof(answers));
            if (a.ParticipantId is null || a.Arm is null || a.ItemId is null)
            {
                throw new ArgumentException($"Expected participant, arm and item ids at index {i}, found a null.", nameof(answers));
            }

            if (a.Confidence is { } c && !(c >= 0 && c <= 1))
            {
                throw new ArgumentException($"Expected confidence mapped to [0, 1], found {c} at index {i} (participant '{a.ParticipantId}').", nameof(answers));
            }

            if (armOf.TryGetValue(a.ParticipantId, out var arm) && arm != a.Arm)
            {
                throw new ArgumentException(
                    $"Expected each participant in one arm (between-subjects), found '{a.ParticipantId}' in '{arm}' and '{a.Arm}'.", nameof(answers));
            }

            armOf[a.ParticipantId] = a.Arm;
        }
    }
}
