using System.Collections.Concurrent;

namespace MisuseLab.Platform.Studies;

/// <summary>Studies being built in the background (demo seeding), so their join pages can say "preparing" meanwhile.</summary>
public sealed class StudyPreparation
{
    private readonly ConcurrentDictionary<string, string?> _states = new(StringComparer.Ordinal);

    public void Started(string slug) => _states[slug] = null;

    public void Finished(string slug) => _states.TryRemove(slug, out _);

    /// <summary>Records why building failed; the join page shows the study as unavailable.</summary>
    public void Failed(string slug, string reason) => _states[slug] = reason;

    public bool IsPreparing(string slug) => _states.TryGetValue(slug, out var reason) && reason is null;

    public string? FailureOf(string slug) => _states.TryGetValue(slug, out var reason) ? reason : null;
}
