using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using MisuseLab.Storage.Studies;
using MisuseLab.Study.Adult;
using MisuseLab.Study.Definitions;
using MisuseLab.Study.Pipeline;
using MisuseLab.Study.Remedies;

namespace MisuseLab.Platform.Remedies;

/// <summary>The on-demand queue is full: the caller should answer "busy, try again" rather than wait without bound.</summary>
public sealed class RemedyQueueFullException(int capacity)
    : Exception($"Expected at most {capacity} remedy scores waiting to be trained; the queue is full. Try again in a moment.");

/// <summary>
/// The use case "what does this choice of fixes score" for a launched version. At launch
/// (<see cref="EnsurePrecomputedAsync"/>) every combination of a menu of at most <see cref="RemedyMenu.MaxPrecomputed"/>
/// options is scored once per model the cells use and stored, so a submission is one lookup. A choice not stored (a
/// larger menu) is trained on demand, one model at a time (the machine's cores are shared with the live site),
/// behind a queue of bounded length, and stored: the next participant with the same choice gets the lookup.
/// Scores are deterministic, so a second launch stores the very same bytes.
/// </summary>
public sealed class RemedyScores(RemedyScoreRepository repository, IOptions<MisuseLabOptions> options)
{
    /// <summary>Most on-demand scores waiting for the trainer at once.</summary>
    public const int QueueCapacity = 64;

    private readonly SemaphoreSlim _trainer = new(1, 1);
    private readonly ConcurrentDictionary<(long Version, string Model), Lazy<RemedyScorer>> _scorers = new();
    private int _waiting;

    /// <summary>Scores and stores every combination when the menu is small enough and nothing is stored yet; returns the number stored.</summary>
    public async Task<int> EnsurePrecomputedAsync(StudyVersionRecord version, StudyDefinition definition, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(version);
        ArgumentNullException.ThrowIfNull(definition);
        var menu = definition.RemedyMenu();
        if (menu.Options.Count == 0 || menu.Options.Count > RemedyMenu.MaxPrecomputed) return 0;
        var existing = await repository.CountAsync(version.Id, cancellationToken);
        if (existing > 0) return existing;
        var entries = new List<RemedyScoreEntry>();
        foreach (var model in ModelsOf(definition))
        {
            progress?.Report($"Scoring all {1 << menu.Options.Count} remedy combinations of model '{model}'…");
            var scorer = Scorer(version.Id, definition, model);
            var table = await Task.Run(() => RemedyTable.Compute(scorer), cancellationToken);
            for (var mask = 0; mask < table.Scores.Count; mask++)
                entries.Add(Entry(model, mask, table.Score(mask)));
        }
        await repository.StoreAsync(version.Id, entries, cancellationToken);
        return entries.Count;
    }

    /// <summary>The score of <paramref name="choices"/> for the model of <paramref name="cellId"/>: stored, or trained now through the bounded queue.</summary>
    /// <exception cref="Study.Defects.DefectSpecException">A choice is not on the menu or repeated.</exception>
    /// <exception cref="RemedyQueueFullException">Too many on-demand scores are waiting.</exception>
    public async Task<RemedyScore> ScoreAsync(StudyVersionRecord version, StudyDefinition definition, string cellId, IEnumerable<string> choices, CancellationToken cancellationToken)
    {
        var menu = definition.RemedyMenu();
        var chosen = menu.Resolve(choices);
        var mask = menu.MaskOf(chosen);
        var model = definition.Cell(cellId).Model;
        if (await repository.FindAsync(version.Id, model, mask, cancellationToken) is { } stored)
            return RemedyScore.FromJson(stored.ScoreJson);

        if (Interlocked.Increment(ref _waiting) > QueueCapacity)
        {
            Interlocked.Decrement(ref _waiting);
            throw new RemedyQueueFullException(QueueCapacity);
        }
        try
        {
            await _trainer.WaitAsync(cancellationToken);
            try
            {
                // Another request may have trained this choice while we waited.
                if (await repository.FindAsync(version.Id, model, mask, cancellationToken) is { } trained)
                    return RemedyScore.FromJson(trained.ScoreJson);
                var score = await Task.Run(() => Scorer(version.Id, definition, model).Score(chosen), cancellationToken);
                await repository.StoreAsync(version.Id, [Entry(model, mask, score)], cancellationToken);
                return score;
            }
            finally
            {
                _trainer.Release();
            }
        }
        finally
        {
            Interlocked.Decrement(ref _waiting);
        }
    }

    private static IEnumerable<string> ModelsOf(StudyDefinition definition) =>
        definition.Conditions.Cells.Select(c => c.Model).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);

    private static RemedyScoreEntry Entry(string model, int mask, RemedyScore score) =>
        RemedyScoreEntry.From(model, mask, score.Choices, score.ToJson());

    private RemedyScorer Scorer(long versionId, StudyDefinition definition, string model) =>
        _scorers.GetOrAdd((versionId, model), _ => new Lazy<RemedyScorer>(() =>
        {
            var data = StudyData.Prepare(definition.Data, AdultDataLocator.Resolve(null, options.Value.DataDir));
            return new RemedyScorer(data, definition.Model(model), definition.RemedyMenu());
        })).Value;
}
