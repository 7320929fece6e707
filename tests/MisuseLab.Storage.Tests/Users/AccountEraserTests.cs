using MisuseLab.Storage.Audit;
using MisuseLab.Storage.Participants;
using MisuseLab.Storage.Studies;
using MisuseLab.Storage.Tests.Studies;
using MisuseLab.Storage.Users;
using MisuseLab.TestSupport;

namespace MisuseLab.Storage.Tests.Users;

/// <summary>Deleting an account, on both engines: its address is in no column of any table the engine's catalogue lists.</summary>
public abstract class AccountEraserTests<TEngine>(TEngine engine) : DatabaseTest<TEngine>(engine)
    where TEngine : class, ITestDatabaseEngine
{
    private static readonly DateTimeOffset Now = StudySeed.Now;

    [Fact]
    public async Task Erasing_leaves_the_address_in_no_table_keeps_the_enrolment_pseudonymous_and_counts_old_audit_entries()
    {
        var version = await StudySeed.LaunchedVersionAsync(Connections);
        var leaver = await StudySeed.EnrolAsync(Connections, version, "Leaver@Example.org");
        var stayer = await StudySeed.EnrolAsync(Connections, version, "stayer@example.org");
        var users = new UserRepository(Connections);
        var leaverId = leaver.UserId!.Value;
        var coder = await users.AddAsync("coder@example.org", "hash", Roles.Analyst, Now);
        await new StudyMemberRepository(Connections).AddAsync(version.StudyId, leaverId, Now, audit: null);
        await new StudyMemberRepository(Connections).AddAsync(version.StudyId, coder.Id, Now, audit: null);
        var keys = new AuditKeyRing("k1", new Dictionary<string, byte[]> { ["k1"] = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray() });
        var audit = new AuditLog(Connections, keys);
        // An entry as an older version wrote it, with the address in the payload.
        await audit.AppendAsync(AuditActor.System("cli"), "account.created", $"user/{leaverId}", "{\"email\":\"leaver@example.org\",\"role\":\"participant\"}");

        var erased = await new AccountEraser(Connections).EraseAsync(leaverId, audit.InTransaction<ErasedAccount>(e =>
            new AuditRecord(AuditActor.System("tests"), "account.deleted", AuditActor.User(e.Id), "{}")));

        Assert.Equal(new ErasedAccount(leaverId, Roles.Participant, Memberships: 1, CoderCodes: 0, Enrolments: 1, LegacyAuditEntries: 1), erased);
        Assert.Null(await users.FindByIdAsync(leaverId));
        Assert.Equal(["audit_log"], await DatabaseScan.TablesContainingAsync(Connections, "leaver@example.org"));
        Assert.Empty(await DatabaseScan.TablesContainingAsync(Connections, "Leaver@Example.org"));
        Assert.Null((await new ParticipantRepository(Connections).GetAsync(leaver.Id))!.UserId);
        Assert.NotEmpty(await DatabaseScan.TablesContainingAsync(Connections, "stayer@example.org"));
        Assert.Equal(stayer.UserId, (await new ParticipantRepository(Connections).GetAsync(stayer.Id))!.UserId);
        Assert.Single(await new StudyMemberRepository(Connections).ListAsync(version.StudyId));
        Assert.True((await new AuditVerifier(Connections, keys).VerifyAsync()).IsValid);
        Assert.Null(await new AccountEraser(Connections).EraseAsync(leaverId, audit: null));
    }
}

public sealed class AccountEraserSqliteTests(SqliteEngine e) : AccountEraserTests<SqliteEngine>(e);

public sealed class AccountEraserPostgresTests(PostgresEngine e) : AccountEraserTests<PostgresEngine>(e);
