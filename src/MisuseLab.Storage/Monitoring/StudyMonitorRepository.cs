using Dapper;
using MisuseLab.Storage.Connections;
using MisuseLab.Storage.Dialects;
using MisuseLab.Storage.Participants;

namespace MisuseLab.Storage.Monitoring;

/// <summary>Read-only queries behind the facilitator's study list, live monitor and invite-code list.</summary>
public sealed class StudyMonitorRepository(IDbConnectionFactory connections)
{
    /// <summary>Participants of a version with their latest activity, by id.</summary>
    public async Task<IReadOnlyList<ParticipantActivity>> ListActivityAsync(long versionId, CancellationToken cancellationToken = default)
    {
        // One correlated MAX per source (each served by an index on participant_id); the latest of them is taken in
        // C#, because GREATEST/MAX over columns is spelt differently by the two engines.
        await using var connection = await connections.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<ActivityRow>(new CommandDefinition(
            "SELECT p.id AS Id, p.pseudonym AS Pseudonym, p.cell_id AS CellId, " + ParticipantSpellings.StatusSqlP + " AS Status, p.current_page AS CurrentPage, " +
            "p.started_at AS StartedAt, p.finished_at AS FinishedAt, p.pilot AS Pilot, " +
            "(SELECT MAX(e.at) FROM events e WHERE e.participant_id = p.id) AS LastEvent, " +
            "(SELECT MAX(a.updated_at) FROM answers a WHERE a.participant_id = p.id) AS LastAnswer, " +
            "(SELECT MAX(b.answered_at) FROM background_answers b WHERE b.participant_id = p.id) AS LastBackground " +
            "FROM participants p WHERE p.study_version_id = @VersionId ORDER BY p.id",
            new { VersionId = versionId }, cancellationToken: cancellationToken));
        var dialect = connections.Dialect;
        return rows.Select(r => r.ToRecord(dialect)).ToList();
    }

    /// <summary>Participant counts per version, cell and status for every version of every study (pilot participants left out).</summary>
    public async Task<IReadOnlyList<CellStatusCount>> CountAllAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<CountRow>(new CommandDefinition(
            "SELECT study_version_id AS StudyVersionId, cell_id AS CellId, " + ParticipantSpellings.StatusSql + " AS Status, COUNT(*) AS Count " +
            "FROM participants WHERE pilot = 0 GROUP BY study_version_id, cell_id, " + ParticipantSpellings.StatusSql + " ORDER BY study_version_id, cell_id, 3",
            cancellationToken: cancellationToken));
        return rows.Select(r => new CellStatusCount(r.StudyVersionId, r.CellId, ParticipantSpellings.StatusFromDb(r.Status), (int)r.Count)).ToList();
    }

    /// <summary>Invite codes of a study, newest first, with the pseudonym of the participant who used each (a pilot's own codes left out).</summary>
    public async Task<IReadOnlyList<InviteCodeUse>> ListInviteCodesAsync(long studyId, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<InviteRow>(new CommandDefinition(
            "SELECT i.code AS Code, i.created_at AS CreatedAt, i.used_at AS UsedAt, p.pseudonym AS UsedBy " +
            "FROM invite_codes i LEFT JOIN participants p ON p.id = i.used_by WHERE i.study_id = @StudyId AND i.pilot = 0 ORDER BY i.created_at DESC, i.code",
            new { StudyId = studyId }, cancellationToken: cancellationToken));
        var dialect = connections.Dialect;
        return rows.Select(r => new InviteCodeUse(r.Code, dialect.ReadTimestamp(r.CreatedAt), r.UsedAt is null ? null : dialect.ReadTimestamp(r.UsedAt), r.UsedBy)).ToList();
    }

    private sealed class ActivityRow
    {
        public long Id { get; init; }
        public string Pseudonym { get; init; } = "";
        public string CellId { get; init; } = "";
        public string Status { get; init; } = "";
        public long CurrentPage { get; init; }
        public object StartedAt { get; init; } = "";
        public object? FinishedAt { get; init; }
        public object? LastEvent { get; init; }
        public object? LastAnswer { get; init; }
        public object? LastBackground { get; init; }
        public long Pilot { get; init; }

        public ParticipantActivity ToRecord(ISqlDialect dialect)
        {
            var started = dialect.ReadTimestamp(StartedAt);
            var finished = FinishedAt is null ? (DateTimeOffset?)null : dialect.ReadTimestamp(FinishedAt);
            var last = started;
            foreach (var value in new[] { FinishedAt, LastEvent, LastAnswer, LastBackground })
            {
                if (value is not null && value is not DBNull)
                {
                    var at = dialect.ReadTimestamp(value);
                    if (at > last) last = at;
                }
            }
            return new ParticipantActivity(Id, Pseudonym, CellId, ParticipantSpellings.StatusFromDb(Status), (int)CurrentPage, started, finished, last, Pilot != 0);
        }
    }

    private sealed class CountRow
    {
        public long StudyVersionId { get; init; }
        public string CellId { get; init; } = "";
        public string Status { get; init; } = "";
        public long Count { get; init; }
    }

    private sealed class InviteRow
    {
        public string Code { get; init; } = "";
        public object CreatedAt { get; init; } = "";
        public object? UsedAt { get; init; }
        public string? UsedBy { get; init; }
    }
}
