using MisuseLab.Storage.Studies;
using MisuseLab.Storage.Users;
using MisuseLab.TestSupport;

namespace MisuseLab.Storage.Tests.Studies;

public abstract class StudyMemberRepositoryTests<TEngine>(TEngine engine) : DatabaseTest<TEngine>(engine)
    where TEngine : class, ITestDatabaseEngine
{
    private StudyMemberRepository Members => new(Connections);

    private async Task<(long StudyId, long[] Users)> StudyWithMembersAsync(int count)
    {
        var version = await StudySeed.LaunchedVersionAsync(Connections);
        var users = new long[count];
        for (var i = 0; i < count; i++)
        {
            users[i] = (await new UserRepository(Connections).AddAsync($"staff{i}@example.org", "hash", Roles.Facilitator, StudySeed.Now)).Id;
            Assert.True(await Members.AddAsync(version.StudyId, users[i], StudySeed.Now, audit: null));
        }
        return (version.StudyId, users);
    }

    [Fact]
    public async Task The_last_member_stays_and_a_non_member_is_told_apart()
    {
        var (study, users) = await StudyWithMembersAsync(2);

        Assert.Equal(MemberRemoval.Removed, await Members.RemoveAsync(study, users[0], audit: null));
        Assert.Equal(MemberRemoval.NotMember, await Members.RemoveAsync(study, users[0], audit: null));
        Assert.Equal(MemberRemoval.LastMember, await Members.RemoveAsync(study, users[1], audit: null));
        Assert.Equal([users[1]], (await Members.ListAsync(study)).Select(m => m.UserId));
    }

    [Fact]
    public async Task Removals_at_once_never_leave_a_study_without_a_member()
    {
        var (study, users) = await StudyWithMembersAsync(8);

        var outcomes = await Task.WhenAll(users.Select(u => Task.Run(() => Members.RemoveAsync(study, u, audit: null))));

        Assert.Equal(7, outcomes.Count(o => o == MemberRemoval.Removed));
        Assert.Equal(1, outcomes.Count(o => o == MemberRemoval.LastMember));
        Assert.Single(await Members.ListAsync(study));
    }
}

public sealed class StudyMemberRepositorySqliteTests(SqliteEngine e) : StudyMemberRepositoryTests<SqliteEngine>(e);
public sealed class StudyMemberRepositoryPostgresTests(PostgresEngine e) : StudyMemberRepositoryTests<PostgresEngine>(e);
