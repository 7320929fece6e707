using System.Collections.Concurrent;
using System.Collections.Immutable;
using MisuseLab.Storage.Studies;
using MisuseLab.Study.Explanations;
using MisuseLab.Study.Figures;
using MisuseLab.Study.Stimuli;

namespace MisuseLab.Platform.Sessions;

/// <summary>A stimulus as a page uses it: its hash (stored with every answer), the payload and the stored figures to draw. The stimulus's condition stays on the server.</summary>
public sealed record ShownStimulus(string Sha256, ExplanationPayload Payload, ImmutableArray<StimulusFigure> Figures);

/// <summary>
/// Stored stimuli by (version, cell, page, trial), parsed once: a stimulus never changes after launch, so the
/// parsed payload is kept for the life of the process.
/// </summary>
public sealed class PayloadCache(StimulusRepository stimuli)
{
    private readonly ConcurrentDictionary<(long, string, string, string), ShownStimulus?> _cache = new();

    public async Task<ShownStimulus?> FindAsync(long versionId, string cellId, string pageId, string? questionId, CancellationToken cancellationToken)
    {
        var key = (versionId, cellId, pageId, questionId ?? "");
        if (_cache.TryGetValue(key, out var cached))
        {
            return cached;
        }
        var stored = await stimuli.FindAsync(versionId, cellId, pageId, questionId, cancellationToken);
        var stimulus = stored is null ? null : StimulusSerializer.Deserialize(stored.CanonicalJson);
        var shown = stored is null || stimulus is null ? null : new ShownStimulus(stored.Sha256, stimulus.Payload, stimulus.Figures);
        return _cache.GetOrAdd(key, shown);
    }
}
