using System.Globalization;
using MisuseLab.Analysis.Dataset;
using MisuseLab.Analysis.Statistics;
using MisuseLab.Study.Definitions;

namespace MisuseLab.Analysis.Declared;

/// <summary>Analyses one outcome of the declared plan on one sample's responses (see <see cref="DeclaredAnalysis"/>).</summary>
internal sealed class OutcomeContext(StudyDataset data, AnalysisPlan plan, DeclaredAnalysisOptions options, IReadOnlyList<DatasetResponse> responses)
{
    private readonly ILookup<string, DatasetResponse> _byItem = responses.ToLookup(r => r.Item.ItemId, StringComparer.Ordinal);
    private readonly IReadOnlyList<string> _cells = [.. data.Definition.Conditions.Cells.Select(c => c.Id)];

    private ModelFormula Formula(IEnumerable<string> extra) => new(
        [.. DeclaredAnalysis.FactorialTerms(plan.Factors), .. extra],
        data.Definition.Conditions.Factors.Where(f => plan.Factors.Contains(f.Name)).Select(f => (f.Name, (IReadOnlyList<string>)f.Levels))
            .Concat(data.Background.Where(q => plan.Covariates.Contains(q.Id) && q.Kind == QuestionKind.Choice).Select(q => (q.Id, q.Options)))
            .ToDictionary(p => p.Item1, p => p.Item2, StringComparer.Ordinal));

    private string FocalTerm => DeclaredAnalysis.FactorialTerms(plan.Factors)[^1];

    private Dictionary<string, string> Levels(DatasetParticipant p) => plan.Factors.ToDictionary(f => f, f => p.Levels[f], StringComparer.Ordinal);

    public OutcomeResult Analyse(AnalysisOutcome outcome, bool primary) => outcome.Kind switch
    {
        OutcomeKind.Rating => Rating(outcome, primary),
        OutcomeKind.Average => Average(outcome, primary),
        OutcomeKind.TaskScore => TaskOutcomeAnalysis.Run(outcome, primary, responses, _cells, Formula([]), FocalTerm, Levels),
        _ => Accuracy(outcome, primary),
    };

    /// <summary>
    /// One mean per participant over the average's items (a NASA-TLX question counts as its six subscale items; the
    /// participant's answered items only), then R's <c>aov(mean ~ A * B)</c> with the interaction as the focal test,
    /// Cohen's d per factor and any declared TOST on the means. Validation guarantees two two-level factors.
    /// </summary>
    private OutcomeResult Average(AnalysisOutcome outcome, bool primary)
    {
        var definition = plan.Averages.First(a => a.Id == outcome.Reference);
        var means = ParticipantMeans.Of(responses, definition.Items.ToHashSet(StringComparer.Ordinal));
        var byCell = _cells.Select(c => Mean(c, means.Where(m => m.Participant.Cell == c).Select(m => m.Value).ToList())).ToList();
        var factors = data.Definition.Conditions.Factors.Where(f => plan.Factors.Contains(f.Name)).ToList();
        var effects = new List<EffectSize>();
        var equivalence = new List<EquivalenceOutcome>();
        foreach (var factor in factors)
        {
            var first = means.Where(m => m.Participant.Levels[factor.Name] == factor.Levels[0]).Select(m => m.Value).ToList();
            var second = means.Where(m => m.Participant.Levels[factor.Name] == factor.Levels[1]).Select(m => m.Value).ToList();
            try { effects.Add(EffectSizes.CohensD($"{factor.Name}: {factor.Levels[1]} - {factor.Levels[0]}", second, first, options.ConfidenceLevel)); }
            catch (ArgumentException) { /* too few means or no variation: d is undefined and left out */ }
            foreach (var e in plan.Equivalence.Where(e => e.Outcome == outcome.Reference && e.Factor == factor.Name))
            {
                try { equivalence.Add(new EquivalenceOutcome(factor.Name, factor.Levels[0], factor.Levels[1], EquivalenceTest.Welch(second, first, new EquivalenceOptions(e.Bound, plan.Alpha)))); }
                catch (ArgumentException) { /* too few means for a t-test */ }
            }
        }
        try
        {
            var a = new TwoLevelFactor(factors[0].Name, factors[0].Levels[0], factors[0].Levels[1]);
            var b = new TwoLevelFactor(factors[1].Name, factors[1].Levels[0], factors[1].Levels[1]);
            var table = TwoWayAnova.Fit([.. means.Select(m => new FactorialObservation(m.Participant.Levels[a.Name], m.Participant.Levels[b.Name], m.Value))], a, b);
            var focal = table.Terms[2];
            return new OutcomeResult(outcome.Reference, outcome.Kind, primary, means.Count, FocalTerm, focal.P ?? double.NaN, "F test of the interaction (two-way ANOVA, sequential SS, R's aov)",
                null, null, byCell, effects, equivalence, null) { Anova = table };
        }
        catch (ArgumentException e)
        {
            return new OutcomeResult(outcome.Reference, outcome.Kind, primary, means.Count, FocalTerm, double.NaN, "", null, null, byCell, effects, equivalence, e.Message);
        }
    }

    private OutcomeResult Rating(AnalysisOutcome outcome, bool primary)
    {
        // The platform stores only points of the scale; anything else means the database was written around it.
        if (_byItem[outcome.Reference].FirstOrDefault(r => !int.TryParse(r.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out _)) is { } bad)
            return new OutcomeResult(outcome.Reference, outcome.Kind, primary, 0, FocalTerm, double.NaN, "", null, null, [], [], [],
                $"Participant {bad.Participant.Pseudonym} rated '{outcome.Reference}' '{bad.Value}', which is not a point of the scale; no model was fitted.");
        var answers = _byItem[outcome.Reference].Select(r => (r.Participant, Value: int.Parse(r.Value, NumberStyles.Integer, CultureInfo.InvariantCulture))).ToList();
        var byCell = _cells.Select(c => Mean(c, answers.Where(a => a.Participant.Cell == c).Select(a => (double)a.Value).ToList())).ToList();
        var rows = answers.Select(a => new ModelRow(a.Value, Levels(a.Participant))).ToList();
        var formula = Formula([]);
        var equivalence = new List<EquivalenceOutcome>();
        var effects = new List<EffectSize>();
        foreach (var factor in data.Definition.Conditions.Factors.Where(f => plan.Factors.Contains(f.Name) && f.Levels.Count == 2))
        {
            var first = answers.Where(a => a.Participant.Levels[factor.Name] == factor.Levels[0]).Select(a => (double)a.Value).ToList();
            var second = answers.Where(a => a.Participant.Levels[factor.Name] == factor.Levels[1]).Select(a => (double)a.Value).ToList();
            try
            {
                effects.Add(EffectSizes.CohensD($"{factor.Name}: {factor.Levels[1]} - {factor.Levels[0]}", second, first, options.ConfidenceLevel));
            }
            catch (ArgumentException) { /* fewer than two ratings per level, or no variation: d is undefined and left out */ }
            foreach (var e in plan.Equivalence.Where(e => e.Outcome == outcome.Reference && e.Factor == factor.Name))
            {
                try
                {
                    equivalence.Add(new EquivalenceOutcome(factor.Name, factor.Levels[0], factor.Levels[1], EquivalenceTest.Welch(second, first, new EquivalenceOptions(e.Bound, plan.Alpha))));
                }
                catch (ArgumentException) { /* too few ratings for a t-test; the failure shows as a missing row */ }
            }
        }

        try
        {
            var clmOptions = new CumulativeLogitOptions(options.ConfidenceLevel);
            var focal = CumulativeLogitModel.TestTerm(rows, formula, FocalTerm, clmOptions);
            var (adjusted, adjustedCount, adjustedFailure) = Adjusted(answers, clmOptions);
            IReadOnlyList<NominalEffectTest> po;
            try { po = ProportionalOddsTest.Run(rows, formula, clmOptions); }
            catch (ModelFitException e) { po = [new NominalEffectTest("(all)", 0, double.NaN, double.NaN, double.NaN, false, e.Message)]; }
            effects.InsertRange(0, EffectSizes.OddsRatios(focal.Full));
            return new OutcomeResult(outcome.Reference, outcome.Kind, primary, rows.Count, FocalTerm, focal.Test.PValue, "likelihood ratio (clm with vs without the term)",
                new RatingAnalysis(focal.Full, focal.Test, adjusted, adjustedCount, adjustedFailure, po), null, byCell, effects, equivalence, null);
        }
        catch (Exception e) when (e is ModelFitException or ArgumentException)
        {
            return new OutcomeResult(outcome.Reference, outcome.Kind, primary, rows.Count, FocalTerm, double.NaN, "", null, null, byCell, effects, equivalence, e.Message);
        }
    }

    private (CumulativeLogitResult?, int, string?) Adjusted(List<(DatasetParticipant Participant, int Value)> answers, CumulativeLogitOptions clmOptions)
    {
        if (plan.Covariates.Count == 0) return (null, 0, null);
        var rows = new List<ModelRow>();
        foreach (var (p, value) in answers)
        {
            var factors = Levels(p);
            var numerics = new Dictionary<string, double>(StringComparer.Ordinal);
            var complete = true;
            foreach (var id in plan.Covariates)
            {
                var q = data.Background.First(b => b.Id == id);
                if (!p.Background.TryGetValue(id, out var v)) complete = false;
                else if (q.Kind == QuestionKind.Likert && double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var x)) numerics[id] = x;
                else if (q.Kind == QuestionKind.Choice && q.Options.Contains(v)) factors[id] = v;
                else complete = false;
            }
            if (complete) rows.Add(new ModelRow(value, factors, numerics));
        }
        try
        {
            return (CumulativeLogitModel.Fit(rows, Formula(plan.Covariates), clmOptions), rows.Count, null);
        }
        catch (Exception e) when (e is ModelFitException or ArgumentException)
        {
            return (null, rows.Count, e.Message);
        }
    }

    private OutcomeResult Accuracy(AnalysisOutcome outcome, bool primary)
    {
        var page = outcome.Kind == OutcomeKind.PageAccuracy ? data.Definition.Page(outcome.Reference) : null;
        var scored = page is null ? [outcome.Reference] : OutcomeResolver.AccuracyItems(page).Select(q => q.Id).ToHashSet(StringComparer.Ordinal);
        var attention = page?.Questions.Where(OutcomeResolver.IsAttention).Select(q => q.Id).ToHashSet(StringComparer.Ordinal) ?? [];
        var trials = new List<(DatasetResponse Response, bool IsCatch)>();
        foreach (var id in scored.Concat(attention))
            trials.AddRange(_byItem[id].Where(r => r.Correct is not null).Select(r => (r, attention.Contains(id))));
        var confidence = responses.Where(r => r.Item.IsConfidence).ToDictionary(r => (r.Participant.Record.Id, r.Item.Question.Id));
        var answers = trials.Select(t => new TrialAnswer(t.Response.Participant.Pseudonym, t.Response.Participant.Cell, t.Response.Item.ItemId, t.IsCatch,
            t.Response.Correct!.Value, DeclaredAnalysis.Confidence(confidence.GetValueOrDefault((t.Response.Participant.Record.Id, t.Response.Item.ItemId))))).ToList();
        var real = trials.Where(t => !t.IsCatch).Select(t => t.Response).ToList();
        var participants = answers.Count == 0 ? [] : ParticipantAccuracy.Summarize(answers);
        var byCell = _cells.Select(c => Mean(c, participants.Where(p => p.Arm == c && p.Trials > 0).Select(p => p.Accuracy).ToList())).ToList();
        try
        {
            var rows = real.Select(r => new ModelRow(r.Correct!.Value ? 1 : 0, Levels(r.Participant))).ToList();
            var formula = Formula([]);
            var model = ClusterRobustLogisticRegression.Fit(rows, [.. real.Select(r => r.Participant.Pseudonym)], formula, new ClusterRobustOptions(options.ConfidenceLevel));
            var columns = DesignMatrix.Build(rows, formula, intercept: true);
            var focal = columns.ColumnNames.Where((_, i) => columns.ColumnTerms[i] == FocalTerm).ToList();
            var ps = focal.Select(n => model.Coefficient(n).PValue).ToList();
            var p = ps.Count == 1 ? ps[0] : Math.Min(1, ps.Count * ps.Min());
            var calibration = _cells.Count >= 2 && answers.Select(a => a.Arm).Distinct().Count() >= 2
                ? ParticipantAccuracy.CompareArms(answers, new AccuracyComparisonOptions(_cells.First(c => answers.Any(a => a.Arm == c && !a.IsCatch)), options.ConfidenceLevel)).Calibration
                : [];
            var effects = model.Coefficients.Where(c => c.Name != "(Intercept)")
                .Select(c => new EffectSize(c.Name, "odds ratio", c.OddsRatio, c.OddsRatioLower, c.OddsRatioUpper, model.ConfidenceLevel, "Wald, CR1 cluster-robust SE")).ToList();
            return new OutcomeResult(outcome.Reference, outcome.Kind, primary, participants.Count, FocalTerm, p,
                ps.Count == 1 ? "Wald z, CR1 cluster-robust SE by participant" : $"Bonferroni minimum over the term's {ps.Count} cluster-robust Wald tests",
                null, new AccuracyAnalysis(participants, model, focal, calibration, byCell), byCell, effects, [], null);
        }
        catch (Exception e) when (e is ModelFitException or ArgumentException)
        {
            return new OutcomeResult(outcome.Reference, outcome.Kind, primary, participants.Count, FocalTerm, double.NaN, "", null, null, byCell, [], [], e.Message);
        }
    }

    internal static CellMean Mean(string cell, IReadOnlyList<double> values)
    {
        if (values.Count == 0) return new CellMean(cell, 0, double.NaN, double.NaN);
        var mean = values.Average();
        var sd = values.Count < 2 ? double.NaN : Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1));
        return new CellMean(cell, values.Count, mean, sd);
    }
}
