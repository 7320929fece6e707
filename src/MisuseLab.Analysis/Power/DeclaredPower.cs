using System.Collections.Concurrent;
using MisuseLab.Study.Definitions;

namespace MisuseLab.Analysis.Power;

/// <summary>The power declared by a study file, resolved: the outcome and focal term it is for, and the simulation's options.</summary>
public sealed record DeclaredPowerPlan(string Outcome, string Term, OrdinalPowerOptions Options);

/// <summary>
/// Turns a study's <c>power</c> section into <see cref="OrdinalPowerOptions"/> (first primary outcome, focal term of the
/// declared factors, the analysis' α) and keeps each study hash's estimate once computed: a frozen study's estimate
/// never changes, so the version page and prereg.md share one run.
/// </summary>
public sealed class DeclaredPower
{
    private readonly ConcurrentDictionary<string, Lazy<Task<PowerEstimate>>> _estimates = new(StringComparer.Ordinal);

    /// <summary>Time budget of one search (default 120 s; a search takes seconds on an idle machine, so only a very busy one reaches it).</summary>
    public TimeSpan Budget { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>The resolved plan, or null when the study declares no power (validation guarantees the rest).</summary>
    public DeclaredPowerPlan? Plan(StudyDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        if (definition.Power is not { } power || definition.Analysis is not { } plan || PowerPlan.FocalTerm(plan) is not { } term) return null;
        var outcome = plan.Primary[0].Reference;
        var scale = definition.AllQuestions.First(q => q.Id == outcome).Scale!;
        var factors = plan.Factors.Select(f => (f, definition.Conditions.Factors.First(x => x.Name == f).Levels)).ToList();
        var options = new OrdinalPowerOptions(factors, term, power.OddsRatio,
            power.Baseline ?? OrdinalPowerOptions.Uniform(scale.Max - scale.Min + 1), plan.Alpha, power.TargetPower,
            power.Simulations, power.Seed, TimeBudget: Budget);
        return new DeclaredPowerPlan(outcome, term, options);
    }

    /// <summary>The estimate for a study hash, computed once per process on a pool thread (null when no power is declared).</summary>
    public async Task<PowerEstimate?> EstimateAsync(string studyHash, StudyDefinition definition, CancellationToken cancellationToken = default)
    {
        if (Plan(definition) is not { } plan) return null;
        var lazy = _estimates.GetOrAdd(studyHash, _ => new Lazy<Task<PowerEstimate>>(() => Task.Run(() => OrdinalPowerSimulation.Estimate(plan.Options))));
        var estimate = await lazy.Value.WaitAsync(cancellationToken);
        // A search cut short by the time budget (a busy machine) is not kept: the next request tries again.
        if (estimate.Stopped is not null && estimate.Participants is null && estimate.Stopped.Contains("time budget", StringComparison.Ordinal))
        {
            _estimates.TryRemove(new KeyValuePair<string, Lazy<Task<PowerEstimate>>>(studyHash, lazy));
        }
        return estimate;
    }
}
