using Dapper;
using MisuseLab.Storage.Studies;
using MisuseLab.TestSupport;

namespace MisuseLab.Storage.Tests.Studies;

public abstract class StudyRepositoryTests<TEngine>(TEngine engine) : DatabaseTest<TEngine>(engine)
    where TEngine : class, ITestDatabaseEngine
{
    private static readonly DateTimeOffset Now = StudySeed.Now;
    private StudyRepository Studies => new(Connections);

    [Fact]
    public async Task Import_creates_a_draft_and_importing_the_same_content_again_changes_nothing()
    {
        var first = await Studies.ImportAsync("kaur2020", "Income model", "1.0.0", "aaa", "{\"id\":\"kaur2020\"}", Now);
        var again = await Studies.ImportAsync("kaur2020", "Income model", "1.0.0", "aaa", "{\"id\":\"kaur2020\"}", Now.AddHours(1));

        Assert.Equal(first, again);
        Assert.Equal(StudyStatus.Draft, first.Status);
        Assert.Null(first.LaunchedAt);
        Assert.Equal("{\"id\":\"kaur2020\"}", first.DefinitionJson);
        Assert.Single(await Studies.ListVersionsAsync("kaur2020"));
        Assert.Null(await Studies.FindCurrentVersionAsync("kaur2020")); // a draft is not joinable
    }

    [Fact]
    public async Task Launch_opens_the_version_records_the_first_launch_time_and_makes_it_current()
    {
        var v1 = await Studies.ImportAsync("s", "S", "1.0.0", "h1", "{}", Now);
        var v2 = await Studies.ImportAsync("s", "S", "1.1.0", "h2", "{\"x\":1}", Now);
        Assert.NotEqual(v1.Id, v2.Id);

        await Studies.LaunchAsync(v1.Id, Now.AddMinutes(1));
        Assert.Equal(v1.Id, (await Studies.FindCurrentVersionAsync("s"))!.Id);

        var launched = (await Studies.LaunchAsync(v2.Id, Now.AddMinutes(2))).Launched;
        await Studies.SetStatusAsync(v2.Id, StudyStatus.Paused);
        var relaunched = (await Studies.LaunchAsync(v2.Id, Now.AddMinutes(3))).Launched;

        Assert.Equal(StudyStatus.Open, relaunched.Status);
        Assert.Equal(Now.AddMinutes(2), launched.LaunchedAt);
        Assert.Equal(Now.AddMinutes(2), relaunched.LaunchedAt); // a re-launch keeps the first launch time
        var current = await Studies.FindCurrentVersionAsync("s");
        Assert.Equal(v2.Id, current!.Id);
        Assert.Equal("h2", current.StudyHash);
        Assert.Equal(v2.Id, (await Studies.FindStudyAsync("s"))!.CurrentVersionId);
    }

    [Fact]
    public async Task Launching_a_version_closes_every_other_open_or_paused_version_of_its_study_and_says_which()
    {
        var v1 = await Studies.ImportAsync("s", "S", "1.0.0", "h1", "{}", Now);
        var v2 = await Studies.ImportAsync("s", "S", "1.1.0", "h2", "{\"x\":1}", Now);
        var v3 = await Studies.ImportAsync("s", "S", "1.2.0", "h3", "{\"x\":2}", Now);
        var other = await Studies.ImportAsync("t", "T", "1.0.0", "h4", "{}", Now);
        await Studies.LaunchAsync(other.Id, Now);
        Assert.Empty((await Studies.LaunchAsync(v1.Id, Now)).Closed);
        await Studies.SetStatusAsync(v1.Id, StudyStatus.Paused);

        var second = await Studies.LaunchAsync(v2.Id, Now);
        var third = await Studies.LaunchAsync(v3.Id, Now);

        Assert.Equal([v1.Id], second.Closed.Select(v => v.Id));
        Assert.Equal(StudyStatus.Paused, second.Closed[0].Status); // as it was before this launch closed it
        Assert.Equal([v2.Id], third.Closed.Select(v => v.Id));
        var statuses = (await Studies.ListVersionsAsync("s")).Select(v => v.Status).ToList();
        Assert.Equal([StudyStatus.Closed, StudyStatus.Closed, StudyStatus.Open], statuses);
        Assert.Equal(StudyStatus.Open, (await Studies.FindVersionAsync(other.Id))!.Status); // another study is untouched
    }

    [Fact]
    public async Task Status_changes_need_a_launched_version_and_never_return_to_draft()
    {
        var v = await Studies.ImportAsync("s", "S", "1.0.0", "h1", "{}", Now);

        var neverLaunched = await Assert.ThrowsAsync<StorageException>(() => Studies.SetStatusAsync(v.Id, StudyStatus.Closed));
        Assert.Contains("never launched", neverLaunched.Message);
        await Studies.LaunchAsync(v.Id, Now);
        await Assert.ThrowsAsync<ArgumentException>(() => Studies.SetStatusAsync(v.Id, StudyStatus.Draft));
        await Assert.ThrowsAsync<StorageException>(() => Studies.LaunchAsync(v.Id + 99, Now));

        await Studies.SetStatusAsync(v.Id, StudyStatus.Closed);
        Assert.Equal(StudyStatus.Closed, (await Studies.FindVersionAsync(v.Id))!.Status);
    }

    [Fact]
    public async Task The_schema_refuses_an_unknown_status_and_a_second_study_with_the_same_slug()
    {
        var v = await Studies.ImportAsync("s", "S", "1.0.0", "h1", "{}", Now);
        await using var connection = await Connections.OpenAsync();

        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() =>
            connection.ExecuteAsync("UPDATE study_versions SET status = 'running' WHERE id = @Id", new { v.Id }));
        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() =>
            connection.ExecuteAsync("INSERT INTO studies (slug, title, created_at) VALUES ('s', 'again', @At)", new { At = Connections.Dialect.TimestampParameter(Now) }));
        Assert.Single(await Studies.ListStudiesAsync());
    }
}

public sealed class StudyRepositorySqliteTests(SqliteEngine e) : StudyRepositoryTests<SqliteEngine>(e);
public sealed class StudyRepositoryPostgresTests(PostgresEngine e) : StudyRepositoryTests<PostgresEngine>(e);
