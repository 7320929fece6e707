using System.Security.Cryptography;
using System.Text;
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
/// cell, factor level or manipulation, ordered by the token (a hash, so the order says nothing about cell or arrival).
/// The token is the first 16 hex digits of SHA-256("blind-code/{version}/{participant id}/{item}"): stable across
/// visits, and not the pseudonym, so a coder cannot look the answer's cell up on the manipulation page.
/// </summary>
public static class BlindCodingSheet
{
    public static string Token(long versionId, long participantId, string itemId) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(
            string.Create(System.Globalization.CultureInfo.InvariantCulture, $"blind-code/{versionId}/{participantId}/{itemId}"))))[..16];

    /// <summary>The answers a blind coder may code, by token.</summary>
    public static IReadOnlyDictionary<string, DatasetResponse> Codable(StudyDataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return data.Responses
            .Where(r => r.Item.Question.Kind == QuestionKind.Text && !string.IsNullOrWhiteSpace(r.Value)
                        && r.Participant.Record.Status is ParticipantStatus.Completed or ParticipantStatus.Abandoned)
            .ToDictionary(r => Token(data.Version.Id, r.Participant.Record.Id, r.Item.ItemId), StringComparer.Ordinal);
    }

    public static IReadOnlyList<BlindAnswer> For(StudyDataset data, long coderId)
    {
        var mine = data.CoderCodes.Where(c => c.CoderId == coderId).ToDictionary(c => (c.ParticipantId, c.ItemId), c => c.Code);
        return [.. Codable(data)
            .Select(kv => new BlindAnswer(kv.Key, kv.Value.Item.ItemId, kv.Value.Item.Question.Prompt, kv.Value.Value,
                mine.TryGetValue((kv.Value.Participant.Record.Id, kv.Value.Item.ItemId), out var code) ? code : null))
            .OrderBy(a => a.Token, StringComparer.Ordinal)];
    }
}
