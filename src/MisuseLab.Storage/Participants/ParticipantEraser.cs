using Dapper;
using MisuseLab.Storage.Connections;

namespace MisuseLab.Storage.Participants;

/// <summary>What was erased: enough for an audit entry that names no person (the pseudonym is random and now points at nothing).</summary>
public sealed record ErasedParticipant(long StudyId, long StudyVersionId, string Pseudonym, ParticipantStatus FormerStatus, int Page);

/// <summary>
/// Deletes a participant and everything stored about them — free-text codes, answers, background answers, events,
/// the invite code they used, and the participants row itself — and frees their assignment slot (state <c>free</c>,
/// no holder), so the next newcomer takes the place in the block. One transaction, under the study's enrolment lock so
/// the slot changes serialise with enrolments. Withdrawal, a facilitator acting on a request, the CLI and the
/// abandoned-session policy <c>delete</c> all come here.
/// <para>
/// The invite code is deleted rather than reset: a reset code would admit the same link again, and keeping it used
/// would keep the link between the code (which the study team may have mailed to a named person) and the study.
/// </para>
/// </summary>
public sealed class ParticipantEraser(IDbConnectionFactory connections)
{
    // Children first: every table here references participants (id).
    private static readonly string[] OwnedTables = ["participant_links", "free_text_coder_codes", "free_text_codes", "answers", "background_answers", "events"];

    /// <summary>
    /// Erases participant <paramref name="participantId"/>. With <paramref name="onlyInProgress"/> only a participant
    /// still consented or active is erased (a participant's own withdrawal: a finished session is no longer theirs to
    /// end from the page). Null (nothing changed) when there is no such participant or the condition does not hold.
    /// </summary>
    public async Task<ErasedParticipant?> EraseAsync(long participantId, bool onlyInProgress, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var dialect = connections.Dialect;
        long studyId;
        await using (var read = await connections.OpenAsync(cancellationToken))
        {
            var found = await read.QuerySingleOrDefaultAsync<long?>(new CommandDefinition(
                "SELECT study_id FROM participants WHERE id = @Id", new { Id = participantId }, cancellationToken: cancellationToken));
            if (found is null) return null;
            studyId = found.Value;
        }

        await using var connection = await connections.OpenForWriteAsync(cancellationToken);
        await using var transaction = await dialect.BeginLockedTransactionAsync(connection, $"enrol:{studyId}", cancellationToken);
        // Lock the row first (a no-op update: an exclusive row lock on PostgreSQL; SQLite's write transaction holds the
        // database) so an autosave or submit racing this — their statements check the row FOR SHARE — waits and then finds
        // no participant, rather than inserting an answer between the deletes below.
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE participants SET status = status WHERE id = @Id", new { Id = participantId }, transaction, cancellationToken: cancellationToken));
        // Re-read under the lock: the participant may have finished or been erased since.
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            "SELECT study_id AS StudyId, study_version_id AS StudyVersionId, pseudonym AS Pseudonym, status AS Status, current_page AS CurrentPage " +
            "FROM participants WHERE id = @Id",
            new { Id = participantId }, transaction, cancellationToken: cancellationToken));
        var status = row is null ? (ParticipantStatus?)null : ParticipantSpellings.StatusFromDb(row.Status);
        if (row is null || (onlyInProgress && status is not (ParticipantStatus.Consented or ParticipantStatus.Active)))
        {
            await transaction.RollbackAsync(cancellationToken);
            return null;
        }

        foreach (var table in OwnedTables)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                $"DELETE FROM {table} WHERE participant_id = @Id", new { Id = participantId }, transaction, cancellationToken: cancellationToken));
        }
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE assignment_slots SET state = 'free', participant_id = NULL, updated_at = @At WHERE participant_id = @Id",
            new { Id = participantId, At = dialect.TimestampParameter(now) }, transaction, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM invite_codes WHERE used_by = @Id", new { Id = participantId }, transaction, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM participants WHERE id = @Id", new { Id = participantId }, transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        return new ErasedParticipant(row.StudyId, row.StudyVersionId, row.Pseudonym, status!.Value, (int)row.CurrentPage);
    }

    private sealed class Row
    {
        public long StudyId { get; init; }
        public long StudyVersionId { get; init; }
        public string Pseudonym { get; init; } = "";
        public string Status { get; init; } = "";
        public long CurrentPage { get; init; }
    }
}
