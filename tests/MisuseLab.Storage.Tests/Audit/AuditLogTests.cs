using Dapper;
using MisuseLab.Storage.Audit;
using MisuseLab.TestSupport;

namespace MisuseLab.Storage.Tests.Audit;

public abstract class AuditLogTests<TEngine>(TEngine engine) : DatabaseTest<TEngine>(engine)
    where TEngine : class, ITestDatabaseEngine
{
    private readonly AuditKeyRing _keys = AuditKeyRing.Generate();
    private AuditLog Log => new(Connections, _keys);
    private AuditVerifier Verifier => new(Connections, _keys);

    private async Task AppendAsync(int count)
    {
        for (var i = 1; i <= count; i++)
        {
            await Log.AppendAsync(AuditActor.User(1), "user.created", $"user/{i}", $$"""{"n":{{i}},"note":"ä\n\"q\""}""");
        }
    }

    [Fact]
    public async Task An_entity_s_entries_include_those_under_it_and_no_look_alikes()
    {
        foreach (var entity in new[] { "study/kaur_2020", "study/kaur_2020/version/3", "study/kaurx2020", "study/kaur_2020-b", "study/kaur_2020x/version/1", "study/kaur_2020/version/4" })
        {
            await Log.AppendAsync(AuditActor.User(2), "study.touched", entity, "{}");
        }

        var entries = await Log.ReadEntityAsync("study/kaur_2020");

        // '_' would be a LIKE wildcard ("kaurx2020"); prefixes of other ids ("kaur_2020-b", "kaur_2020x/…") are other studies.
        Assert.Equal([(1L, "study/kaur_2020"), (2L, "study/kaur_2020/version/3"), (6L, "study/kaur_2020/version/4")], entries.Select(e => (e.Seq, e.Entity)));
        var all = await Log.ReadAsync();
        Assert.All(entries, e => Assert.Contains(e, all)); // the same records, hashes and all, as a sequential read
    }

    [Fact]
    public async Task Empty_log_verifies()
    {
        var result = await Verifier.VerifyAsync();

        Assert.True(result.IsValid);
        Assert.Equal(0, result.EntriesChecked);
        Assert.Equal(AuditHash.Genesis, result.HeadHash);
    }

    [Fact]
    public async Task Appended_entries_form_a_chain_that_reads_back_exactly_and_verifies()
    {
        await AppendAsync(5);

        var entries = await Log.ReadAsync();
        var result = await Verifier.VerifyAsync();

        Assert.Equal([1L, 2, 3, 4, 5], entries.Select(e => e.Seq));
        Assert.Equal(AuditHash.Genesis, entries[0].PrevHash);
        for (var i = 1; i < entries.Count; i++)
        {
            Assert.Equal(entries[i - 1].Hash, entries[i].PrevHash);
        }
        _keys.TryGetKey(_keys.CurrentKeyId, out var key);
        Assert.All(entries, e => Assert.Equal(_keys.CurrentKeyId, e.KeyId));
        Assert.All(entries, e => Assert.Equal(AuditHash.Compute(e, key), e.Hash));
        Assert.Equal("{\"n\":3,\"note\":\"ä\\n\\\"q\\\"\"}", entries[2].PayloadJson);
        Assert.True(result.IsValid, result.Reason);
        Assert.Equal(5, result.EntriesChecked);
        Assert.Equal(new AuditHead(5, entries[^1].Hash), result.Head);
        Assert.Equal(result.Head, await Log.ReadHeadAsync());
    }

    [Theory]
    [InlineData("actor = 'mallory@example.org'")]
    [InlineData("payload_json = '{\"n\":99}'")]
    [InlineData("entity = 'user/999'")]
    public async Task Field_altered_by_hand_is_reported_at_its_entry(string change)
    {
        await AppendAsync(5);
        await ExecuteAsync($"UPDATE audit_log SET {change} WHERE seq = 3");

        var result = await Verifier.VerifyAsync();

        Assert.False(result.IsValid);
        Assert.Equal(3, result.BrokenSeq);
        Assert.Equal(2, result.EntriesChecked);
        Assert.Contains("changed after it was written", result.Reason);
    }

    [Fact]
    public async Task Rewritten_entry_with_recomputed_hash_is_caught_by_the_next_link()
    {
        await AppendAsync(5);
        var third = (await Log.ReadAsync(3, 1))[0];
        var forged = third with { Actor = "mallory@example.org" };
        _keys.TryGetKey(_keys.CurrentKeyId, out var key);
        await ExecuteAsync("UPDATE audit_log SET actor = @Actor, hash = @Hash WHERE seq = 3", new { forged.Actor, Hash = AuditHash.Compute(forged, key) });

        var result = await Verifier.VerifyAsync();

        Assert.Equal(4, result.BrokenSeq);
        Assert.Contains("does not match the hash of seq 3", result.Reason);
    }

    [Fact]
    public async Task Deleted_middle_entry_is_reported_as_a_gap()
    {
        await AppendAsync(5);
        await ExecuteAsync("DELETE FROM audit_log WHERE seq = 2");

        var result = await Verifier.VerifyAsync();

        Assert.Equal(3, result.BrokenSeq);
        Assert.Contains("expected 2", result.Reason);
    }

    [Fact]
    public async Task Concurrent_appends_keep_one_gapless_valid_chain()
    {
        const int writers = 6, perWriter = 15;

        await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            var log = new AuditLog(Connections, _keys);
            for (var i = 0; i < perWriter; i++)
            {
                await log.AppendAsync(AuditActor.System($"writer-{w}"), "test.append", $"item/{i}", "{}");
            }
        })));

        var result = await Verifier.VerifyAsync();
        var entries = await Log.ReadAsync(limit: 1000);
        Assert.True(result.IsValid, result.Reason);
        Assert.Equal(writers * perWriter, result.EntriesChecked);
        Assert.Equal(Enumerable.Range(1, writers * perWriter).Select(i => (long)i), entries.Select(e => e.Seq));
        Assert.All(Enumerable.Range(0, writers), w => Assert.Equal(perWriter, entries.Count(e => e.Actor == $"system/writer-{w}")));
    }

    [Theory]
    [InlineData("admin@example.org")]
    [InlineData("demo")]
    [InlineData("user/")]
    [InlineData("user/0")]
    [InlineData("system/Demo")]
    [InlineData("cli:root")]
    public async Task Actors_outside_the_one_format_are_refused_and_nothing_is_stored(string actor)
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => Log.AppendAsync(actor, "b", "c", "{}"));

        Assert.Contains("'user/{id}' or 'system/{component}'", error.Message);
        Assert.Contains(actor, error.Message);
        Assert.Empty(await Log.ReadAsync());
        Assert.Equal("user/42", AuditActor.User(42));
        Assert.Equal("system/idle-sweeper", AuditActor.System("idle-sweeper"));
    }

    [Fact]
    public async Task Invalid_json_payload_is_refused_and_nothing_is_stored()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => Log.AppendAsync(AuditActor.System("tests"), "b", "c", "{not json"));

        Assert.Contains("valid JSON", error.Message);
        Assert.Empty(await Log.ReadAsync());
    }

    private async Task ExecuteAsync(string sql, object? parameters = null)
    {
        await using var connection = await Connections.OpenAsync();
        await connection.ExecuteAsync(sql, parameters);
    }
}

public sealed class AuditLogSqliteTests(SqliteEngine e) : AuditLogTests<SqliteEngine>(e);
public sealed class AuditLogPostgresTests(PostgresEngine e) : AuditLogTests<PostgresEngine>(e);
