using MisuseLab.Storage.Audit;
using MisuseLab.Storage.Studies;
using MisuseLab.Storage.Users;
using MisuseLab.TestSupport;

namespace MisuseLab.Storage.Tests.Audit;

/// <summary>An action and the audit entry recording it commit together or not at all.</summary>
public abstract class AuditInTransactionTests<TEngine>(TEngine engine) : DatabaseTest<TEngine>(engine)
    where TEngine : class, ITestDatabaseEngine
{
    private static readonly DateTimeOffset Now = new(2026, 5, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly AuditKeyRing _keys = AuditKeyRing.Generate();
    private AuditLog Log => new(Connections, _keys);
    private UserRepository Users => new(Connections);

    private AuditInTransaction<UserAccount> Created(string payload = "{}") =>
        Log.InTransaction<UserAccount>(a => new AuditRecord(AuditActor.System("tests"), "account.created", $"user/{a.Id}", payload));

    [Fact]
    public async Task A_committed_action_has_its_entry_naming_the_id_it_assigned_and_the_chain_verifies()
    {
        var account = await Users.AddAsync("a@example.org", "hash", Roles.Analyst, Now, Created(), CancellationToken.None);

        var entry = Assert.Single(await Log.ReadAsync());
        Assert.Equal($"user/{account.Id}", entry.Entity);
        Assert.True((await new AuditVerifier(Connections, _keys).VerifyAsync()).IsValid);
    }

    [Fact]
    public async Task A_failed_action_leaves_no_audit_entry()
    {
        await Users.AddAsync("dup@example.org", "hash", Roles.Analyst, Now);

        await Assert.ThrowsAsync<DuplicateKeyException>(() => Users.AddAsync("DUP@example.org", "hash", Roles.Admin, Now, Created(), CancellationToken.None));
        await Assert.ThrowsAsync<StorageException>(() => new StudyRepository(Connections).LaunchAsync(424242, Now,
            Log.InTransaction<LaunchOutcome>(o => new AuditRecord(AuditActor.System("tests"), "study.launched", "study/x", "{}")), CancellationToken.None));

        Assert.Empty(await Log.ReadAsync());
    }

    [Fact]
    public async Task An_audit_entry_that_cannot_be_written_rolls_the_action_back()
    {
        var badPayload = await Assert.ThrowsAsync<ArgumentException>(() =>
            Users.AddAsync("b@example.org", "hash", Roles.Analyst, Now, Created("{not json"), CancellationToken.None));
        var noKey = await Assert.ThrowsAsync<AuditKeyException>(() => Users.AddAsync("c@example.org", "hash", Roles.Analyst, Now,
            new AuditLog(Connections).InTransaction<UserAccount>(a => new AuditRecord(AuditActor.System("tests"), "account.created", "x", "{}")), CancellationToken.None));

        Assert.Contains("valid JSON", badPayload.Message);
        Assert.Contains("No audit key", noKey.Message);
        Assert.Empty(await Users.ListAsync());
        Assert.Empty(await Log.ReadAsync());
    }

    [Fact]
    public async Task A_failed_login_writes_an_entry_only_when_its_callback_asks_for_one_in_the_same_transaction()
    {
        var account = await Users.AddAsync("lock@example.org", "hash", Roles.Participant, Now);
        var audit = Log.InTransaction<LoginFailure>(f => f.LockoutEnd is null ? [] : [new AuditRecord(AuditActor.User(account.Id), "account.locked_out", $"user/{account.Id}", "{}")]);

        await Users.RecordFailedLoginAsync(account.Id, Now, 2, TimeSpan.FromMinutes(5), audit, CancellationToken.None);
        var afterFirst = (await Log.ReadAsync()).Count;
        await Users.RecordFailedLoginAsync(account.Id, Now, 2, TimeSpan.FromMinutes(5), audit, CancellationToken.None);

        Assert.Equal(0, afterFirst);
        Assert.Equal("account.locked_out", Assert.Single(await Log.ReadAsync()).Action);
        Assert.NotNull((await Users.FindByIdAsync(account.Id))!.LockoutEnd);
    }
}

public sealed class AuditInTransactionSqliteTests(SqliteEngine e) : AuditInTransactionTests<SqliteEngine>(e);
public sealed class AuditInTransactionPostgresTests(PostgresEngine e) : AuditInTransactionTests<PostgresEngine>(e);
