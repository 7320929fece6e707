using MisuseLab.Storage.Studies;
using MisuseLab.TestSupport;

namespace MisuseLab.Storage.Tests.Studies;

public abstract class StudyDraftRepositoryTests<TEngine>(TEngine engine) : DatabaseTest<TEngine>(engine)
    where TEngine : class, ITestDatabaseEngine
{
    private static readonly DateTimeOffset Now = StudySeed.Now;
    private StudyRepository Studies => new(Connections);
    private StudyDraftRepository Drafts => new(Connections);

    [Fact]
    public async Task A_draft_takes_the_new_definition_hash_and_version()
    {
        var draft = await Studies.ImportAsync("s", "S", "1.0.0", "h1", "{\"a\":1}", Now);

        var edited = await Drafts.ReplaceDraftAsync(draft.Id, "1.0.1", "h2", "{\"a\":2}");

        Assert.Equal(draft with { Version = "1.0.1", StudyHash = "h2", DefinitionJson = "{\"a\":2}" }, edited);
        Assert.Equal(edited, await Studies.FindVersionAsync(draft.Id));
    }

    [Fact]
    public async Task A_launched_version_is_never_changed_even_after_it_is_closed()
    {
        var version = await Studies.ImportAsync("s", "S", "1.0.0", "h1", "{\"a\":1}", Now);
        var launched = (await Studies.LaunchAsync(version.Id, Now)).Launched;
        await Studies.SetStatusAsync(version.Id, StudyStatus.Closed);

        var error = await Assert.ThrowsAsync<StorageException>(() => Drafts.ReplaceDraftAsync(version.Id, "1.0.0", "h2", "{\"a\":2}"));

        Assert.Contains("frozen", error.Message);
        Assert.Equal(launched with { Status = StudyStatus.Closed }, await Studies.FindVersionAsync(version.Id));
    }

    [Fact]
    public async Task Content_equal_to_another_version_is_refused_and_nothing_changes()
    {
        await Studies.ImportAsync("s", "S", "1.0.0", "h1", "{\"a\":1}", Now);
        var draft = await Studies.ImportAsync("s", "S", "1.0.1", "h2", "{\"a\":2}", Now);

        await Assert.ThrowsAsync<DuplicateKeyException>(() => Drafts.ReplaceDraftAsync(draft.Id, "1.0.1", "h1", "{\"a\":1}"));

        Assert.Equal(draft, await Studies.FindVersionAsync(draft.Id));
    }

    [Fact]
    public async Task An_unknown_version_is_reported()
    {
        var error = await Assert.ThrowsAsync<StorageException>(() => Drafts.ReplaceDraftAsync(404, "1.0.0", "h", "{}"));
        Assert.Contains("404", error.Message);
    }
}

public sealed class StudyDraftRepositorySqliteTests(SqliteEngine e) : StudyDraftRepositoryTests<SqliteEngine>(e);
public sealed class StudyDraftRepositoryPostgresTests(PostgresEngine e) : StudyDraftRepositoryTests<PostgresEngine>(e);
