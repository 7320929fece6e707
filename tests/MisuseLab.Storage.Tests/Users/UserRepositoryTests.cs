using Dapper;
using MisuseLab.Storage.Users;
using MisuseLab.TestSupport;

namespace MisuseLab.Storage.Tests.Users;

public abstract class UserRepositoryTests<TEngine>(TEngine engine) : DatabaseTest<TEngine>(engine)
    where TEngine : class, ITestDatabaseEngine
{
    private static readonly DateTimeOffset Now = new DateTimeOffset(2026, 3, 14, 9, 26, 53, TimeSpan.Zero).AddTicks(5_897_930);

    private UserRepository Users => new(Connections);

    [Fact]
    public async Task Added_account_is_found_by_email_in_any_letter_case_with_every_field_intact()
    {
        var added = await Users.AddAsync("Ada.Lovelace@Example.org", "hash-1", Roles.Analyst, Now.AddTicks(7));

        var found = await Users.FindByEmailAsync("ada.lovelace@EXAMPLE.ORG");

        Assert.NotNull(found);
        Assert.Equal(added, found);
        Assert.Equal("Ada.Lovelace@Example.org", found.Email);
        Assert.Equal(Roles.Analyst, found.Role);
        Assert.Equal(Now, found.CreatedAt); // stored to whole microseconds on both engines
        Assert.Equal(found, await Users.FindByIdAsync(added.Id));
        Assert.Null(await Users.FindByEmailAsync("someone.else@example.org"));
    }

    [Fact]
    public async Task Second_account_with_same_email_in_other_case_is_refused_and_nothing_is_stored()
    {
        await Users.AddAsync("grace@example.org", "hash-1", Roles.Participant, Now);

        var error = await Assert.ThrowsAsync<DuplicateKeyException>(() => Users.AddAsync("GRACE@example.org", "hash-2", Roles.Admin, Now));

        Assert.Contains("GRACE@example.org", error.Message);
        var all = await Users.ListAsync();
        Assert.Equal("hash-1", Assert.Single(all).PasswordHash);
    }

    [Fact]
    public async Task Unknown_role_is_refused_before_touching_the_database()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => Users.AddAsync("x@example.org", "h", "superuser", Now));

        Assert.Contains("participant, facilitator, analyst, admin", error.Message);
        Assert.Empty(await Users.ListAsync());
    }

    [Fact]
    public async Task Fifth_failure_locks_out_until_the_given_time_and_restarts_the_count()
    {
        var user = await Users.AddAsync("locked@example.org", "h", Roles.Participant, Now);
        var lockout = TimeSpan.FromMinutes(15);

        var outcomes = new List<LoginFailure?>();
        for (var i = 0; i < 5; i++)
        {
            outcomes.Add(await Users.RecordFailedLoginAsync(user.Id, Now, 5, lockout));
        }

        Assert.Equal([1, 2, 3, 4, 0], outcomes.Select(o => o!.FailedLogins));
        Assert.All(outcomes.Take(4), o => Assert.Null(o!.LockoutEnd));
        Assert.Equal(Now + lockout, outcomes[4]!.LockoutEnd);
        var stored = await Users.FindByIdAsync(user.Id);
        Assert.True(stored!.IsLockedOut(Now.AddMinutes(14)));
        Assert.False(stored.IsLockedOut(Now.AddMinutes(15)));
    }

    [Fact]
    public async Task Concurrent_failures_are_all_counted()
    {
        var user = await Users.AddAsync("race@example.org", "h", Roles.Participant, Now);

        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => Users.RecordFailedLoginAsync(user.Id, Now, 100, TimeSpan.FromMinutes(1)))));

        Assert.Equal(8, (await Users.FindByIdAsync(user.Id))!.FailedLogins);
    }

    [Fact]
    public async Task Reset_clears_count_and_lockout_and_unknown_account_reports_null()
    {
        var user = await Users.AddAsync("reset@example.org", "h", Roles.Participant, Now);
        await Users.RecordFailedLoginAsync(user.Id, Now, 5, TimeSpan.FromMinutes(15));
        await Users.SetLockoutAsync(user.Id, Now.AddHours(1));

        await Users.ResetLoginFailuresAsync(user.Id);

        var stored = await Users.FindByIdAsync(user.Id);
        Assert.Equal(0, stored!.FailedLogins);
        Assert.Null(stored.LockoutEnd);
        Assert.Null(await Users.RecordFailedLoginAsync(user.Id + 1000, Now, 5, TimeSpan.FromMinutes(15)));
    }

    [Fact]
    public async Task Password_hash_update_touches_only_that_account()
    {
        var a = await Users.AddAsync("a@example.org", "old-a", Roles.Participant, Now);
        var b = await Users.AddAsync("b@example.org", "old-b", Roles.Participant, Now);

        await Users.UpdatePasswordHashAsync(a.Id, "new-a");

        Assert.Equal("new-a", (await Users.FindByIdAsync(a.Id))!.PasswordHash);
        Assert.Equal("old-b", (await Users.FindByIdAsync(b.Id))!.PasswordHash);
    }

    [Fact]
    public async Task Email_uniqueness_is_enforced_by_the_schema_itself()
    {
        await Users.AddAsync("schema@example.org", "h", Roles.Participant, Now);
        await using var connection = await Connections.OpenAsync();

        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => connection.ExecuteAsync(
            "INSERT INTO users (email, password_hash, role, created_at) VALUES ('SCHEMA@EXAMPLE.ORG', 'h', 'participant', @At)",
            new { At = Connections.Dialect.TimestampParameter(Now) }));
    }
}

public sealed class UserRepositorySqliteTests(SqliteEngine e) : UserRepositoryTests<SqliteEngine>(e);
public sealed class UserRepositoryPostgresTests(PostgresEngine e) : UserRepositoryTests<PostgresEngine>(e);
