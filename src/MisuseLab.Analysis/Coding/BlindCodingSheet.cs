using MisuseLab.Analysis.Dataset;
using MisuseLab.Storage.Participants;
using MisuseLab.Study.Definitions;

namespace MisuseLab.Analysis.Coding;

/// <summary>
/// One free-text answer as a blind coder sees it: an opaque <see cref="Token"/> instead of the participant, the
/// question, the answer, and this coder's own code (null until reviewed). Nothing here names or orders by cell.
/// </summary>
public sealed record BlindAnswer(string Token, string ItemId, string Prompt, string Value, string? Code)
{
    public bool Reviewed => Code is not null;
}

/// <summary>
/// The blind coding sheet of one coder: every non-empty free-text answer of a finished participant, without pseudonym,
/// cell, factor level or manipulation, ordered by the token (a keyed hash, so the order says nothing about cell or
/// arrival). The token (<see cref="BlindTokenKey"/>) is stable across visits, is not the pseudonym, and cannot be
/// recomputed from guessed ids without the key, so a coder cannot trace an answer to its participant or cell.
/// </summary>
public static class BlindCodingSheet
{
    /// <summary>The answers a blind coder may code, by token.</summary>
    public static IReadOnlyDictionary<string, DatasetResponse> Codable(StudyDataset data, BlindTokenKey key)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(key);
        return data.Responses
            .Where(r => r.Item.Question.Kind == QuestionKind.Text && !string.IsNullOrWhiteSpace(r.Value)
                        && r.Participant.Record.Status is ParticipantStatus.Completed or ParticipantStatus.Abandoned)
            .ToDictionary(r => key.Token(data.Version.Id, r.Participant.Record.Id, r.Item.ItemId), StringComparer.Ordinal);
    }

    public static IReadOnlyList<BlindAnswer> For(StudyDataset data, long coderId, BlindTokenKey key)
    {
        var mine = data.CoderCodes.Where(c => c.CoderId == coderId).ToDictionary(c => (c.ParticipantId, c.ItemId), c => c.Code);
        return [.. Codable(data, key)
            .Select(kv => new BlindAnswer(kv.Key, kv.Value.Item.ItemId, kv.Value.Item.Question.Prompt, kv.Value.Value,
                mine.TryGetValue((kv.Value.Participant.Record.Id, kv.Value.Item.ItemId), out var code) ? code : null))
            .OrderBy(a => a.Token, StringComparer.Ordinal)];
    }
}
