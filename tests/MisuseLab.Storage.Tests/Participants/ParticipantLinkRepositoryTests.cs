using MisuseLab.Storage.Participants;
using MisuseLab.Storage.Tests.Studies;
using MisuseLab.TestSupport;

namespace MisuseLab.Storage.Tests.Participants;

/// <summary>
/// Sign-in links (migration 0013): written with the enrolment, found by hash only within their own study and only while
/// not revoked; revoking an invite code revokes the links of whoever used it, and the code enrols no one after.
/// </summary>
public abstract class ParticipantLinkRepositoryTests<TEngine>(TEngine engine) : DatabaseTest<TEngine>(engine)
    where TEngine : class, ITestDatabaseEngine
{
    private static readonly DateTimeOffset Now = StudySeed.Now;
    private ParticipantRepository Participants => new(Connections);
    private ParticipantLinkRepository Links => new(Connections);

    [Fact]
    public async Task A_link_opens_its_participant_in_its_own_study_until_the_invitation_is_revoked()
    {
        var version = await StudySeed.LaunchedVersionAsync(Connections);
        var other = await StudySeed.LaunchedVersionAsync(Connections, "study-two", "hash-2");
        await Participants.AddInviteCodesAsync(version.StudyId, ["CODE-1", "CODE-2"], Now);
        var enrolled = (await Participants.EnrolAsync(new EnrolmentRequest(version.StudyId, version.Id, null, EntryKind.Invite, "CODE-1", 1, "hash-of-token"),
            StudySeed.Design, Now)).Participant;

        Assert.Null(enrolled.UserId);
        Assert.Equal(enrolled, await Participants.FindInStudyByLinkAsync("study-one", "hash-of-token"));
        Assert.Null(await Participants.FindInStudyByLinkAsync("study-two", "hash-of-token"));
        Assert.Null(await Participants.FindInStudyByLinkAsync("study-one", "another-hash"));
        var link = (await Links.FindAsync("hash-of-token"))!;
        Assert.Equal((enrolled.Id, version.StudyId, "study-one", (DateTimeOffset?)null), (link.ParticipantId, link.StudyId, link.Slug, link.RevokedAt));

        Assert.True(await Links.RevokeInviteAsync(version.StudyId, "CODE-1", Now.AddHours(1)));
        Assert.Null(await Participants.FindInStudyByLinkAsync("study-one", "hash-of-token"));
        Assert.Equal(Now.AddHours(1), (await Links.FindAsync("hash-of-token"))!.RevokedAt);
        Assert.False(await Links.RevokeInviteAsync(other.StudyId, "CODE-2", Now)); // CODE-2 is not study-two's

        Assert.True(await Links.RevokeInviteAsync(version.StudyId, "CODE-2", Now));
        Assert.Equal(Now, (await Participants.FindInviteCodeAsync("CODE-2"))!.RevokedAt);
        var refused = await Assert.ThrowsAsync<EnrolmentRefusedException>(() => Participants.EnrolAsync(
            new EnrolmentRequest(version.StudyId, version.Id, null, EntryKind.Invite, "CODE-2", 1, "second-hash"), StudySeed.Design, Now));
        Assert.Equal(EnrolmentRefusal.InviteCodeRevoked, refused.Reason);
        Assert.Null(await Links.FindAsync("second-hash"));
    }

    [Fact]
    public async Task Revoking_by_pseudonym_closes_every_link_of_that_participant_only()
    {
        var version = await StudySeed.LaunchedVersionAsync(Connections);
        var first = (await Participants.EnrolAsync(new EnrolmentRequest(version.StudyId, version.Id, null, EntryKind.Open, null, 1, "hash-a"), StudySeed.Design, Now)).Participant;
        var second = (await Participants.EnrolAsync(new EnrolmentRequest(version.StudyId, version.Id, null, EntryKind.Open, null, 1, "hash-b"), StudySeed.Design, Now)).Participant;
        Assert.NotEqual(first.Id, second.Id); // no account: two link enrolments are two people

        Assert.True(await Links.RevokeParticipantAsync(version.StudyId, first.Pseudonym, Now));
        Assert.False(await Links.RevokeParticipantAsync(version.StudyId, "P-NOSUCHONE0", Now));

        Assert.Null(await Participants.FindInStudyByLinkAsync("study-one", "hash-a"));
        Assert.Equal(second, await Participants.FindInStudyByLinkAsync("study-one", "hash-b"));
    }
}

public sealed class ParticipantLinkRepositorySqliteTests(SqliteEngine e) : ParticipantLinkRepositoryTests<SqliteEngine>(e);

public sealed class ParticipantLinkRepositoryPostgresTests(PostgresEngine e) : ParticipantLinkRepositoryTests<PostgresEngine>(e);
