using System.Security.Cryptography;
using Dapper;
using MisuseLab.Storage.Audit;
using MisuseLab.TestSupport;

namespace MisuseLab.Storage.Tests.Audit;

/// <summary>
/// What the key and the head add to the chain: someone who can write the database but does not hold the key can neither
/// re-hash a rewritten tail nor delete the newest entries unnoticed (given a recorded head).
/// </summary>
public abstract class AuditKeyedChainTests<TEngine>(TEngine engine) : DatabaseTest<TEngine>(engine)
    where TEngine : class, ITestDatabaseEngine
{
    private readonly AuditKeyRing _keys = AuditKeyRing.Generate();
    private AuditLog Log => new(Connections, _keys);
    private AuditVerifier Verifier => new(Connections, _keys);

    private async Task<IReadOnlyList<AuditEntry>> AppendAsync(AuditLog log, int count, string prefix = "item")
    {
        for (var i = 1; i <= count; i++)
        {
            await log.AppendAsync(AuditActor.User(1), "test.appended", $"{prefix}/{i}", $$"""{"n":{{i}}}""");
        }
        return await Log.ReadAsync();
    }

    /// <summary>Rewrites entries from <paramref name="fromSeq"/> on, re-linking and re-hashing each with <paramref name="hash"/>.</summary>
    private async Task RewriteFromAsync(long fromSeq, string keyId, Func<AuditEntry, string> hash)
    {
        var entries = await Log.ReadAsync();
        var prev = entries.Single(e => e.Seq == fromSeq - 1).Hash;
        await using var connection = await Connections.OpenAsync();
        foreach (var entry in entries.Where(e => e.Seq >= fromSeq))
        {
            var forged = entry with { Actor = AuditActor.User(666), PrevHash = prev, KeyId = keyId };
            var forgedHash = hash(forged);
            await connection.ExecuteAsync("UPDATE audit_log SET actor = @Actor, prev_hash = @PrevHash, key_id = @KeyId, hash = @Hash WHERE seq = @Seq",
                new { forged.Actor, forged.PrevHash, forged.KeyId, Hash = forgedHash, forged.Seq });
            prev = forgedHash;
        }
    }

    [Fact]
    public async Task Tail_rewritten_with_recomputed_plain_sha256_fails_at_its_first_entry()
    {
        await AppendAsync(Log, 6);
        // An attacker without the key recomputes every hash as the pre-keying chain did (plain SHA-256 of the published
        // canonical form), keeping the key id: the attack that passed `audit verify` before the chain was keyed.
        await RewriteFromAsync(3, _keys.CurrentKeyId, AuditHash.ComputeUnkeyed);

        var result = await Verifier.VerifyAsync();

        Assert.False(result.IsValid);
        Assert.Equal(3, result.BrokenSeq);
        Assert.Equal(2, result.EntriesChecked);
        Assert.Contains("changed after it was written", result.Reason);
    }

    [Fact]
    public async Task Tail_rewritten_as_unkeyed_pre_0008_entries_fails_at_its_first_entry()
    {
        await AppendAsync(Log, 6);
        // The strongest keyless forgery: entries claiming to predate keying, hashed exactly as those were.
        await RewriteFromAsync(3, AuditHash.UnkeyedId, AuditHash.ComputeUnkeyed);

        var result = await Verifier.VerifyAsync();

        Assert.Equal(3, result.BrokenSeq);
        Assert.Contains("after keyed entries", result.Reason);
    }

    [Fact]
    public async Task Tail_rewritten_under_another_key_with_the_same_id_fails_at_its_first_entry()
    {
        await AppendAsync(Log, 6);
        var attackerKey = RandomNumberGenerator.GetBytes(32);
        await RewriteFromAsync(3, _keys.CurrentKeyId, e => AuditHash.Compute(e, attackerKey));

        var result = await Verifier.VerifyAsync();

        Assert.Equal(3, result.BrokenSeq);
    }

    [Fact]
    public async Task Deleting_the_newest_entry_passes_alone_but_fails_against_the_expected_head_naming_it()
    {
        var entries = await AppendAsync(Log, 5);
        var head = await Log.ReadHeadAsync();
        await using (var connection = await Connections.OpenAsync())
        {
            await connection.ExecuteAsync("DELETE FROM audit_log WHERE seq = 5");
        }

        var alone = await Verifier.VerifyAsync();
        var anchored = await Verifier.VerifyAsync(head);

        Assert.Equal(new AuditHead(5, entries[4].Hash), head);
        Assert.True(alone.IsValid, "the chain alone cannot see a deleted tail; that is what the head is for");
        Assert.False(anchored.IsValid);
        Assert.Equal(5, anchored.BrokenSeq);
        Assert.Contains("entry 5 is missing", anchored.Reason);
        Assert.Equal(new AuditHead(4, entries[3].Hash), anchored.Head);
    }

    [Fact]
    public async Task Expected_head_that_differs_at_its_seq_fails_there_and_a_matching_older_head_passes()
    {
        var entries = await AppendAsync(Log, 4);

        var older = await Verifier.VerifyAsync(new AuditHead(2, entries[1].Hash));
        var other = await Verifier.VerifyAsync(new AuditHead(2, entries[2].Hash));

        Assert.True(older.IsValid, older.Reason);
        Assert.Equal(4, older.EntriesChecked);
        Assert.Equal(2, other.BrokenSeq);
        Assert.Contains("differs from the expected head", other.Reason);
    }

    [Fact]
    public async Task Rotated_keys_verify_while_the_retired_key_is_kept_and_name_the_key_when_it_is_not()
    {
        var k1 = RandomNumberGenerator.GetBytes(32);
        var k2 = RandomNumberGenerator.GetBytes(32);
        await AppendAsync(new AuditLog(Connections, new AuditKeyRing("k1", new Dictionary<string, byte[]> { ["k1"] = k1 })), 2, "before");
        var rotated = new AuditKeyRing("k2", new Dictionary<string, byte[]> { ["k1"] = k1, ["k2"] = k2 });
        await AppendAsync(new AuditLog(Connections, rotated), 2, "after");

        var kept = await new AuditVerifier(Connections, rotated).VerifyAsync();
        var dropped = await new AuditVerifier(Connections, new AuditKeyRing("k2", new Dictionary<string, byte[]> { ["k2"] = k2 })).VerifyAsync();

        Assert.True(kept.IsValid, kept.Reason);
        Assert.Equal(["k1", "k1", "k2", "k2"], (await Log.ReadAsync()).Select(e => e.KeyId));
        Assert.Equal(1, dropped.BrokenSeq);
        Assert.Contains("'k1'", dropped.Reason);
    }

    [Fact]
    public async Task Entries_from_before_keying_verify_as_a_prefix()
    {
        // Two entries as a pre-0008 build wrote them: key_id '' and plain SHA-256.
        var at = DateTimeOffset.UnixEpoch.AddDays(20000);
        var prev = AuditHash.Genesis;
        await using (var connection = await Connections.OpenAsync())
        {
            for (var seq = 1; seq <= 2; seq++)
            {
                var hash = AuditHash.ComputeUnkeyed(seq, at, "system/old", "legacy", "x", "{}", prev);
                await connection.ExecuteAsync("INSERT INTO audit_log (seq, at, actor, action, entity, payload_json, prev_hash, hash) " +
                    "VALUES (@Seq, @At, 'system/old', 'legacy', 'x', '{}', @Prev, @Hash)",
                    new { Seq = seq, At = Connections.Dialect.TimestampParameter(at), Prev = prev, Hash = hash });
                prev = hash;
            }
        }
        await AppendAsync(Log, 2);

        var result = await Verifier.VerifyAsync();

        Assert.True(result.IsValid, result.Reason);
        Assert.Equal(4, result.EntriesChecked);
        Assert.Equal(2, result.UnkeyedEntries);
    }

    [Fact]
    public async Task A_log_without_a_key_reads_but_refuses_to_append_naming_the_setting()
    {
        await AppendAsync(Log, 1);
        var keyless = new AuditLog(Connections);

        var error = await Assert.ThrowsAsync<AuditKeyException>(() => keyless.AppendAsync(AuditActor.User(1), "a", "b", "{}"));

        Assert.Contains("MisuseLab:Audit:Keys", error.Message);
        Assert.Single(await keyless.ReadAsync());
    }
}

public sealed class AuditKeyedChainSqliteTests(SqliteEngine e) : AuditKeyedChainTests<SqliteEngine>(e);
public sealed class AuditKeyedChainPostgresTests(PostgresEngine e) : AuditKeyedChainTests<PostgresEngine>(e);
