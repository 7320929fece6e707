using System.Collections.Concurrent;
using MisuseLab.Storage.Studies;
using MisuseLab.Study.Explanations;
using MisuseLab.Study.Stimuli;

namespace MisuseLab.Platform.Sessions;

/// <summary>A stimulus as a page uses it: its hash (stored with every answer) and the payload to draw. The stimulus's condition stays on the server.</summary>
public sealed record ShownStimulus(string Sha256, ExplanationPayload Payload);

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
        var shown = stored is null ? null : new ShownStimulus(stored.Sha256, StimulusSerializer.Deserialize(stored.CanonicalJson).Payload);
        return _cache.GetOrAdd(key, shown);
    }
}
