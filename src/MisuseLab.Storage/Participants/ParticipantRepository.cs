using System.Data.Common;
using System.Security.Cryptography;
using Dapper;
using MisuseLab.Storage.Audit;
using MisuseLab.Storage.Connections;
using MisuseLab.Storage.Dialects;
using MisuseLab.Study.Assignment;

namespace MisuseLab.Storage.Participants;

/// <summary>
/// All SQL for <c>participants</c>, <c>assignment_slots</c> and <c>invite_codes</c>. Enrolment reads the slots, asks
/// <see cref="PermutedBlockAssigner"/> for the next place and writes it in one transaction that holds the study's
/// enrolment lock (SQLite BEGIN IMMEDIATE, PostgreSQL advisory lock), so concurrent arrivals never share a slot.
/// </summary>
public sealed class ParticipantRepository(IDbConnectionFactory connections)
{
    /// <summary>Crockford base32 without I, L, O, U: pseudonyms and codes people can read aloud.</summary>
    internal const string CodeAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    private const string Columns =
        "SELECT id AS Id, study_id AS StudyId, study_version_id AS StudyVersionId, user_id AS UserId, pseudonym AS Pseudonym, " +
        "cell_id AS CellId, slot_index AS SlotIndex, " + ParticipantSpellings.StatusSql + " AS Status, entry AS Entry, entry_code AS EntryCode, " +
        "current_page AS CurrentPage, started_at AS StartedAt, finished_at AS FinishedAt, completion_code AS CompletionCode, pilot AS Pilot FROM participants";

    private const string InviteColumns =
        "SELECT code AS Code, study_id AS StudyId, created_at AS CreatedAt, used_by AS UsedBy, used_at AS UsedAt, revoked_at AS RevokedAt, pilot AS Pilot FROM invite_codes";

    /// <summary>
    /// Enrols a person who consented: checks and uses the invite code (entry <see cref="EntryKind.Invite"/>), takes
    /// the assigner's slot, and stores the participant with status consented and a random pseudonym. A person already
    /// enrolled in the study gets their existing record back and nothing changes (a second click, a second tab).
    /// </summary>
    /// <remarks>
    /// A person who enrols with an invite code marked pilot (0017) is a pilot participant: assigned by the same design
    /// but in a schedule of their own (negative slot indices, <see cref="PilotSlot"/>), so pilots never take places in
    /// the study's real blocks.
    /// </remarks>
    /// <exception cref="EnrolmentRefusedException">The invite code is unknown for this study or already used; nothing was stored.</exception>
    public async Task<EnrolmentResult> EnrolAsync(EnrolmentRequest request, AssignmentDesign design, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(design);
        var dialect = connections.Dialect;
        await using var connection = await connections.OpenForWriteAsync(cancellationToken);
        await using var transaction = await dialect.BeginLockedTransactionAsync(connection, $"enrol:{request.StudyId}", cancellationToken);

        var existing = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            Columns + " WHERE study_id = @StudyId AND user_id = @UserId", new { request.StudyId, request.UserId }, transaction, cancellationToken: cancellationToken));
        if (existing is not null)
        {
            await transaction.CommitAsync(cancellationToken);
            return new EnrolmentResult(existing.ToRecord(dialect), false);
        }

        var pilot = false;
        if (request.Entry == EntryKind.Invite)
        {
            var code = await connection.QuerySingleOrDefaultAsync<InviteRow>(new CommandDefinition(
                InviteColumns + " WHERE code = @Code AND study_id = @StudyId",
                new { Code = request.EntryCode ?? "", request.StudyId }, transaction, cancellationToken: cancellationToken));
            if (code is null)
            {
                throw new EnrolmentRefusedException(EnrolmentRefusal.UnknownInviteCode, $"Invite code '{request.EntryCode}' is not a code of this study. Check the link you were sent.");
            }
            if (code.RevokedAt is not null)
            {
                throw new EnrolmentRefusedException(EnrolmentRefusal.InviteCodeRevoked, $"Invite code '{request.EntryCode}' was withdrawn by the study team. Ask them for a new invitation.");
            }
            if (code.UsedBy is not null)
            {
                throw new EnrolmentRefusedException(EnrolmentRefusal.InviteCodeUsed, $"Invite code '{request.EntryCode}' has already been used. Each code admits one person; ask the study team for a new one.");
            }
            pilot = code.Pilot != 0;
        }

        if (request.Entry == EntryKind.Prolific && request.UserId is null)
        {
            // Without an account the panel id is the only identity, and the panel's entry URL is the same for everyone,
            // so anyone holding it can type another's id: a second entry under one id is refused, never resumed (resuming
            // would hand that person's session to whoever guessed the id). The owner continues in the browser that holds
            // their sign-in, or on another device with their resume link. The enrolment lock makes check and insert one step.
            var taken = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                "SELECT COUNT(*) FROM participants WHERE study_id = @StudyId AND entry = @Entry AND entry_code = @Code",
                new { request.StudyId, Entry = ParticipantSpellings.ToDb(EntryKind.Prolific), Code = request.EntryCode ?? "" }, transaction, cancellationToken: cancellationToken));
            if (taken > 0)
            {
                throw new EnrolmentRefusedException(EnrolmentRefusal.PanelIdUsed,
                    "A session of this study was already started with this Prolific id. Continue it in the browser you started in, or open the resume link you were shown; " +
                    "if you have neither, message the researcher on Prolific.");
            }
        }

        var slots = await ReadSlotsAsync(connection, transaction, request.StudyVersionId, cancellationToken, pilot);
        var decision = new PermutedBlockAssigner(design).Next(slots);
        var slotIndex = pilot ? PilotSlot(decision.SlotIndex) : decision.SlotIndex;
        var pseudonym = await NewPseudonymAsync(connection, transaction, request.StudyId, cancellationToken);
        var at = dialect.TimestampParameter(now);

        var id = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "INSERT INTO participants (study_id, study_version_id, user_id, pseudonym, cell_id, slot_index, status, entry, entry_code, current_page, started_at, finished_at, completion_code, pilot) " +
            "VALUES (@StudyId, @StudyVersionId, @UserId, @Pseudonym, @CellId, @SlotIndex, 'consented', @Entry, @EntryCode, @FirstPage, @At, NULL, NULL, @Pilot)" + dialect.ReturningId("id"),
            new
            {
                request.StudyId, request.StudyVersionId, request.UserId, Pseudonym = pseudonym, CellId = decision.Condition, SlotIndex = slotIndex,
                Entry = ParticipantSpellings.ToDb(request.Entry), request.EntryCode, request.FirstPage, At = at, Pilot = pilot ? 1 : 0,
            }, transaction, cancellationToken: cancellationToken));

        var slotSql = decision.OpensNewSlot
            ? "INSERT INTO assignment_slots (study_version_id, slot_index, cell_id, state, participant_id, updated_at) VALUES (@VersionId, @SlotIndex, @CellId, 'active', @ParticipantId, @At)"
            : "UPDATE assignment_slots SET state = 'active', participant_id = @ParticipantId, updated_at = @At WHERE study_version_id = @VersionId AND slot_index = @SlotIndex AND state IN ('free', 'abandoned')";
        var slotRows = await connection.ExecuteAsync(new CommandDefinition(slotSql,
            new { VersionId = request.StudyVersionId, SlotIndex = slotIndex, CellId = decision.Condition, ParticipantId = id, At = at }, transaction, cancellationToken: cancellationToken));
        if (slotRows != 1)
        {
            throw new StorageException($"Slot {slotIndex} of study version {request.StudyVersionId} changed during enrolment; the enrolment lock should prevent this. Nothing was stored.");
        }

        if (request.Entry == EntryKind.Invite)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE invite_codes SET used_by = @ParticipantId, used_at = @At WHERE code = @Code AND used_by IS NULL",
                new { ParticipantId = id, At = at, Code = request.EntryCode }, transaction, cancellationToken: cancellationToken));
        }

        if (request.LinkTokenHash is not null)
        {
            await ParticipantLinkRepository.InsertAsync(connection, transaction, dialect, id, request.LinkTokenHash, now, cancellationToken);
        }

        var created = await connection.QuerySingleAsync<Row>(new CommandDefinition(Columns + " WHERE id = @Id", new { Id = id }, transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        return new EnrolmentResult(created.ToRecord(dialect), true);
    }

    public async Task<ParticipantRecord?> FindByUserAsync(long studyId, long userId, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            Columns + " WHERE study_id = @StudyId AND user_id = @UserId", new { StudyId = studyId, UserId = userId }, cancellationToken: cancellationToken));
        return row?.ToRecord(connections.Dialect);
    }

    /// <summary>
    /// The participant of study <paramref name="slug"/> enrolled with account <paramref name="userId"/>: one command (the
    /// study is matched by slug inside it), so a study page reads its session once.
    /// </summary>
    public Task<ParticipantRecord?> FindInStudyByUserAsync(string slug, long userId, CancellationToken cancellationToken = default) =>
        FindOneAsync(Columns + " WHERE user_id = @UserId AND study_id = (SELECT id FROM studies WHERE slug = @Slug)", new { Slug = slug, UserId = userId }, cancellationToken);

    /// <summary>
    /// The participant of study <paramref name="slug"/> whose sign-in link hashes to <paramref name="tokenHash"/>, or null
    /// when there is none, the link was revoked, or it belongs to another study: one command, so checking the link on
    /// every request costs no extra query.
    /// </summary>
    public Task<ParticipantRecord?> FindInStudyByLinkAsync(string slug, string tokenHash, CancellationToken cancellationToken = default) =>
        FindOneAsync(Columns + " WHERE id = (SELECT l.participant_id FROM participant_links l JOIN participants q ON q.id = l.participant_id " +
            "JOIN studies s ON s.id = q.study_id WHERE l.token_hash = @Hash AND l.revoked_at IS NULL AND s.slug = @Slug)", new { Slug = slug, Hash = tokenHash }, cancellationToken);

    private async Task<ParticipantRecord?> FindOneAsync(string sql, object parameters, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(sql, parameters, cancellationToken: cancellationToken));
        return row?.ToRecord(connections.Dialect);
    }

    public async Task<ParticipantRecord?> GetAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(Columns + " WHERE id = @Id", new { Id = id }, cancellationToken: cancellationToken));
        return row?.ToRecord(connections.Dialect);
    }

    /// <summary>The participant of study <paramref name="studyId"/> with this pseudonym (what exports and the monitor show), or null.</summary>
    public async Task<ParticipantRecord?> FindByPseudonymAsync(long studyId, string pseudonym, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            Columns + " WHERE study_id = @StudyId AND pseudonym = @Pseudonym", new { StudyId = studyId, Pseudonym = pseudonym }, cancellationToken: cancellationToken));
        return row?.ToRecord(connections.Dialect);
    }

    /// <summary>
    /// The participants of study <paramref name="studyId"/> holding completion code <paramref name="code"/> (what a
    /// participant can quote back). A list: codes are random, not unique by constraint.
    /// </summary>
    public async Task<IReadOnlyList<ParticipantRecord>> FindByCompletionCodeAsync(long studyId, string code, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            Columns + " WHERE study_id = @StudyId AND completion_code = @Code", new { StudyId = studyId, Code = code }, cancellationToken: cancellationToken));
        return rows.Select(r => r.ToRecord(connections.Dialect)).ToList();
    }

    /// <summary>Participants of a version, by id (for monitors and exports).</summary>
    public async Task<IReadOnlyList<ParticipantRecord>> ListByVersionAsync(long versionId, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            Columns + " WHERE study_version_id = @VersionId ORDER BY id", new { VersionId = versionId }, cancellationToken: cancellationToken));
        return rows.Select(r => r.ToRecord(connections.Dialect)).ToList();
    }

    /// <summary>The stored assignment slots of a version's real schedule (pilot places left out), by index.</summary>
    public async Task<IReadOnlyList<AssignmentSlot>> ListSlotsAsync(long versionId, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await ReadSlotsAsync(connection, null, versionId, cancellationToken);
    }

    /// <summary>Background answered: consented → active. False when the participant is not consented (already active, finished).</summary>
    public Task<bool> ActivateAsync(long id, CancellationToken cancellationToken = default) =>
        ExecuteOneAsync("UPDATE participants SET status = 'active' WHERE id = @Id AND status = 'consented' AND screened_out_at IS NULL", new { Id = id }, cancellationToken);

    /// <summary>
    /// Screens out a consented participant (the study's screening rule, after the background form): marks the row
    /// (<c>screened_out_at</c>, <c>finished_at</c>) and frees their assignment slot in the same transaction, so the next
    /// newcomer takes that place and no block place is used. False (nothing changed) when not consented any more.
    /// </summary>
    public async Task<bool> ScreenOutAsync(long id, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var at = connections.Dialect.TimestampParameter(now);
        await using var connection = await connections.OpenForWriteAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var changed = await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE participants SET screened_out_at = @At, finished_at = @At WHERE id = @Id AND status = 'consented' AND screened_out_at IS NULL",
            new { Id = id, At = at }, transaction, cancellationToken: cancellationToken));
        if (changed == 0)
        {
            await transaction.RollbackAsync(cancellationToken);
            return false;
        }
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE assignment_slots SET state = 'free', participant_id = NULL, updated_at = @At WHERE participant_id = @Id AND state = 'active'",
            new { Id = id, At = at }, transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>
    /// Moves an active participant from page <paramref name="fromPage"/> to <paramref name="toPage"/>. Compare-and-set:
    /// false (nothing changed) when the participant is elsewhere or no longer active, so a double submit moves once.
    /// </summary>
    public Task<bool> AdvanceAsync(long id, int fromPage, int toPage, CancellationToken cancellationToken = default) =>
        ExecuteOneAsync("UPDATE participants SET current_page = @To WHERE id = @Id AND current_page = @From AND status = 'active'",
            new { Id = id, From = fromPage, To = toPage }, cancellationToken);

    /// <summary>Finishes an active session with its completion code; the slot counts as completed. False when not active.</summary>
    public async Task<bool> CompleteAsync(long id, string completionCode, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(completionCode);
        return await FinishAsync(id, "completed", "completed", completionCode, now, cancellationToken);
    }

    /// <summary>Marks a participant in progress as abandoned (they left); the slot goes to the next newcomer. Their data is kept.</summary>
    public Task<bool> AbandonAsync(long id, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        FinishAsync(id, "abandoned", "abandoned", null, now, cancellationToken);

    /// <summary>
    /// Abandons (as <see cref="AbandonAsync"/>) every participant in progress, in any study, with no activity — enrolment,
    /// background answers, answers, events — at or after <paramref name="idleSince"/>; returns their ids. The idle
    /// condition is checked again in each participant's update, so one who came back meanwhile keeps their session.
    /// </summary>
    public async Task<IReadOnlyList<long>> AbandonIdleAsync(DateTimeOffset idleSince, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        List<long> candidates;
        await using (var connection = await connections.OpenAsync(cancellationToken))
        {
            candidates = (await connection.QueryAsync<long>(new CommandDefinition(
                "SELECT id FROM participants WHERE status IN ('consented', 'active') AND screened_out_at IS NULL AND " + IdleSince + " ORDER BY id",
                new { Cutoff = connections.Dialect.TimestampParameter(idleSince) }, cancellationToken: cancellationToken))).ToList();
        }
        var abandoned = new List<long>(candidates.Count);
        foreach (var id in candidates)
        {
            if (await FinishAsync(id, "abandoned", "abandoned", null, now, cancellationToken, idleSince)) abandoned.Add(id);
        }
        return abandoned;
    }

    // Activity of the participants row in scope since @Cutoff; each subquery is served by an index on participant_id.
    private const string IdleSince =
        "participants.started_at < @Cutoff" +
        " AND NOT EXISTS (SELECT 1 FROM events e WHERE e.participant_id = participants.id AND e.at >= @Cutoff)" +
        " AND NOT EXISTS (SELECT 1 FROM answers a WHERE a.participant_id = participants.id AND a.updated_at >= @Cutoff)" +
        " AND NOT EXISTS (SELECT 1 FROM background_answers b WHERE b.participant_id = participants.id AND b.answered_at >= @Cutoff)";

    /// <summary>Adds single-use invite codes to a study; a code that exists already is refused with <see cref="DuplicateKeyException"/>.</summary>
    public Task AddInviteCodesAsync(long studyId, IReadOnlyList<string> codes, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        AddInviteCodesAsync(studyId, codes, now, audit: null, cancellationToken);

    /// <inheritdoc cref="AddInviteCodesAsync(long, IReadOnlyList{string}, DateTimeOffset, CancellationToken)"/>
    /// <param name="audit">Entries appended in the same transaction; given the number of codes added.</param>
    public Task AddInviteCodesAsync(long studyId, IReadOnlyList<string> codes, DateTimeOffset now, AuditInTransaction<int>? audit, CancellationToken cancellationToken = default) =>
        AddInviteCodesAsync(studyId, codes, now, pilot: false, audit, cancellationToken);

    /// <inheritdoc cref="AddInviteCodesAsync(long, IReadOnlyList{string}, DateTimeOffset, CancellationToken)"/>
    /// <param name="pilot">Codes of a pilot run: whoever enrols with one is a pilot participant (see <see cref="EnrolAsync"/>).</param>
    /// <param name="audit">Entries appended in the same transaction; given the number of codes added.</param>
    public async Task AddInviteCodesAsync(long studyId, IReadOnlyList<string> codes, DateTimeOffset now, bool pilot, AuditInTransaction<int>? audit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(codes);
        var dialect = connections.Dialect;
        await using var connection = await connections.OpenForWriteAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        try
        {
            foreach (var code in codes)
            {
                ArgumentException.ThrowIfNullOrWhiteSpace(code, nameof(codes));
                await connection.ExecuteAsync(new CommandDefinition(
                    "INSERT INTO invite_codes (code, study_id, created_at, used_by, used_at, pilot) VALUES (@Code, @StudyId, @At, NULL, NULL, @Pilot)",
                    new { Code = code, StudyId = studyId, At = dialect.TimestampParameter(now), Pilot = pilot ? 1 : 0 }, transaction, cancellationToken: cancellationToken));
            }
        }
        catch (DbException e) when (dialect.IsUniqueViolation(e))
        {
            throw new DuplicateKeyException("An invite code in the list exists already; no code was added. Generate new codes with ParticipantRepository.NewCode.", e);
        }
        if (audit is not null) await audit.WriteAsync(connection, transaction, codes.Count, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<InviteCode?> FindInviteCodeAsync(string code, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<InviteRow>(new CommandDefinition(
            InviteColumns + " WHERE code = @Code",
            new { Code = code }, cancellationToken: cancellationToken));
        return row?.ToRecord(connections.Dialect);
    }

    /// <summary>A random code of <paramref name="length"/> characters from <see cref="CodeAlphabet"/> (5 bits each).</summary>
    public static string NewCode(int length) => RandomNumberGenerator.GetString(CodeAlphabet, length);

    /// <param name="idleSince">When set, only a participant idle since then (see <see cref="IdleSince"/>) is finished.</param>
    private async Task<bool> FinishAsync(long id, string status, string slotState, string? completionCode, DateTimeOffset now,
        CancellationToken cancellationToken, DateTimeOffset? idleSince = null)
    {
        var dialect = connections.Dialect;
        await using var connection = await connections.OpenForWriteAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var at = dialect.TimestampParameter(now);
        var changed = await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE participants SET status = @Status, finished_at = @At, completion_code = @Code WHERE id = @Id AND status IN ('consented', 'active') AND screened_out_at IS NULL" +
            (idleSince is null ? "" : " AND " + IdleSince),
            new { Id = id, Status = status, At = at, Code = completionCode, Cutoff = idleSince is { } cutoff ? dialect.TimestampParameter(cutoff) : null },
            transaction, cancellationToken: cancellationToken));
        if (changed == 0)
        {
            await transaction.RollbackAsync(cancellationToken);
            return false;
        }
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE assignment_slots SET state = @State, updated_at = @At WHERE participant_id = @Id AND state = 'active'",
            new { Id = id, State = slotState, At = at }, transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    private async Task<bool> ExecuteOneAsync(string sql, object parameters, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenForWriteAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(sql, parameters, cancellationToken: cancellationToken)) == 1;
    }

    /// <summary>
    /// Where place <paramref name="index"/> of a version's pilot schedule is stored: -1 - index, since the real
    /// schedule's indices are ≥ 0 (the mapping is its own inverse).
    /// </summary>
    public static int PilotSlot(int index) => -1 - index;

    /// <param name="pilot">The pilot schedule (negative stored indices, returned as 0, 1, … through <see cref="PilotSlot"/>) instead of the real one.</param>
    private static async Task<IReadOnlyList<AssignmentSlot>> ReadSlotsAsync(DbConnection connection, DbTransaction? transaction, long versionId, CancellationToken cancellationToken, bool pilot = false)
    {
        var rows = await connection.QueryAsync<SlotRow>(new CommandDefinition(
            "SELECT slot_index AS SlotIndex, cell_id AS CellId, state AS State FROM assignment_slots WHERE study_version_id = @VersionId" +
            (pilot ? " AND slot_index < 0 ORDER BY slot_index DESC" : " AND slot_index >= 0 ORDER BY slot_index"),
            new { VersionId = versionId }, transaction, cancellationToken: cancellationToken));
        return rows.Select(r => new AssignmentSlot(pilot ? PilotSlot((int)r.SlotIndex) : (int)r.SlotIndex, r.CellId, r.State switch
        {
            "free" => SlotState.Free,
            "active" => SlotState.Active,
            "completed" => SlotState.Completed,
            "abandoned" => SlotState.Abandoned,
            _ => throw new StorageException($"assignment_slots.state: unexpected value '{r.State}' at slot {r.SlotIndex} of version {versionId}."),
        })).ToList();
    }

    private static async Task<string> NewPseudonymAsync(DbConnection connection, DbTransaction transaction, long studyId, CancellationToken cancellationToken)
    {
        // 50 random bits: a collision is astronomically rare, but checked under the enrolment lock anyway.
        while (true)
        {
            var candidate = "P-" + NewCode(10);
            var taken = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                "SELECT COUNT(*) FROM participants WHERE study_id = @StudyId AND pseudonym = @Pseudonym",
                new { StudyId = studyId, Pseudonym = candidate }, transaction, cancellationToken: cancellationToken));
            if (taken == 0)
            {
                return candidate;
            }
        }
    }

    private sealed class Row
    {
        public long Id { get; init; }
        public long StudyId { get; init; }
        public long StudyVersionId { get; init; }
        public long? UserId { get; init; }
        public string Pseudonym { get; init; } = "";
        public string CellId { get; init; } = "";
        public long SlotIndex { get; init; }
        public string Status { get; init; } = "";
        public string Entry { get; init; } = "";
        public string? EntryCode { get; init; }
        public long CurrentPage { get; init; }
        public object StartedAt { get; init; } = "";
        public object? FinishedAt { get; init; }
        public string? CompletionCode { get; init; }
        public long Pilot { get; init; }

        public ParticipantRecord ToRecord(ISqlDialect dialect) => new(
            Id, StudyId, StudyVersionId, UserId, Pseudonym, CellId, (int)SlotIndex, ParticipantSpellings.StatusFromDb(Status),
            ParticipantSpellings.EntryFromDb(Entry), EntryCode, (int)CurrentPage, dialect.ReadTimestamp(StartedAt),
            FinishedAt is null ? null : dialect.ReadTimestamp(FinishedAt), CompletionCode, Pilot != 0);
    }

    private sealed class SlotRow
    {
        public long SlotIndex { get; init; }
        public string CellId { get; init; } = "";
        public string State { get; init; } = "";
    }

    private sealed class InviteRow
    {
        public string Code { get; init; } = "";
        public long StudyId { get; init; }
        public object CreatedAt { get; init; } = "";
        public long? UsedBy { get; init; }
        public object? UsedAt { get; init; }
        public object? RevokedAt { get; init; }
        public long Pilot { get; init; }

        public InviteCode ToRecord(ISqlDialect dialect) =>
            new(Code, StudyId, dialect.ReadTimestamp(CreatedAt), UsedBy, UsedAt is null ? null : dialect.ReadTimestamp(UsedAt),
                RevokedAt is null ? null : dialect.ReadTimestamp(RevokedAt), Pilot != 0);
    }
}
