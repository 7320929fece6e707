using System.Text.Json;
using Dapper;
using MisuseLab.Storage;
using MisuseLab.Storage.Audit;
using MisuseLab.Storage.Connections;

namespace MisuseLab.Cli.Tests.Commands;

/// <summary>
/// The two attacks a database writer without the audit key has: re-hashing a rewritten tail, and deleting the newest
/// entries. `audit verify` names the entry in both (the second needs the head recorded earlier).
/// </summary>
public sealed class AuditVerifyCommandTests : IDisposable
{
    private const string Password = "correct horse battery";
    private readonly TempDatabase _db = new();

    private IDbConnectionFactory Connections => DbConnectionFactory.Create(new DatabaseOptions { ConnectionString = _db.Connection }, _db.Folder);

    private void AddUsers(int count)
    {
        for (var i = 0; i < count; i++)
        {
            var run = CliRun.Invoke("users", "add", "--email", $"u{i}@example.org", "--password", Password, "--connection", _db.Connection);
            Assert.True(run.ExitCode == 0, run.Error);
        }
    }

    private static JsonElement Json(CliRun run) => JsonDocument.Parse(run.Output).RootElement.Clone();

    [Fact]
    public async Task Entries_3_to_n_rewritten_with_recomputed_plain_sha256_fail_verify_naming_entry_3()
    {
        AddUsers(5);
        var ok = CliRun.Invoke("audit", "verify", "--connection", _db.Connection);
        var entries = await new AuditLog(Connections).ReadAsync();
        await using (var connection = await Connections.OpenAsync())
        {
            // The forger's chain: actors changed, every link and hash from entry 3 on recomputed as the unkeyed chain did.
            var prev = entries[1].Hash;
            foreach (var entry in entries.Skip(2))
            {
                var forged = entry with { Actor = "user/666", PrevHash = prev };
                var hash = AuditHash.ComputeUnkeyed(forged);
                await connection.ExecuteAsync("UPDATE audit_log SET actor = @Actor, prev_hash = @PrevHash, hash = @Hash WHERE seq = @Seq",
                    new { forged.Actor, forged.PrevHash, Hash = hash, forged.Seq });
                prev = hash;
            }
        }

        var broken = CliRun.Invoke("audit", "verify", "--json", "--connection", _db.Connection);

        Assert.Equal(0, ok.ExitCode);
        Assert.StartsWith("OK: 5 entries, chain intact.", ok.Output);
        Assert.Equal(1, broken.ExitCode);
        Assert.False(Json(broken).GetProperty("valid").GetBoolean());
        Assert.Equal(3, Json(broken).GetProperty("brokenSeq").GetInt64());
        Assert.Equal($"2:{entries[1].Hash}", Json(broken).GetProperty("head").GetString());
    }

    [Fact]
    public async Task Deleting_the_last_entry_fails_verify_with_the_expected_head_naming_that_entry()
    {
        AddUsers(4);
        var before = CliRun.Invoke("audit", "verify", "--json", "--connection", _db.Connection);
        var head = Json(before).GetProperty("head").GetString()!;
        await using (var connection = await Connections.OpenAsync())
        {
            await connection.ExecuteAsync("DELETE FROM audit_log WHERE seq = 4");
        }

        var plain = CliRun.Invoke("audit", "verify", "--connection", _db.Connection);
        var anchored = CliRun.Invoke("audit", "verify", "--expect-head", head, "--connection", _db.Connection);

        Assert.StartsWith("4:", head);
        Assert.Equal(0, plain.ExitCode); // the chain alone cannot tell
        Assert.Equal(1, anchored.ExitCode);
        Assert.StartsWith("BROKEN at seq 4:", anchored.Output);
        Assert.Contains("entry 4 is missing", anchored.Output);
    }

    [Fact]
    public void A_malformed_expected_head_is_refused_naming_the_format()
    {
        AddUsers(1);

        var run = CliRun.Invoke("audit", "verify", "--expect-head", "4", "--connection", _db.Connection);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("SEQ:HASH", run.Error);
    }

    public void Dispose() => _db.Dispose();
}
