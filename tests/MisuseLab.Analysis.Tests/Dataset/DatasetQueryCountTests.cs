using MisuseLab.Analysis.Dataset;
using MisuseLab.Analysis.Export;
using MisuseLab.Storage.Participants;
using MisuseLab.Storage.Responses;
using MisuseLab.Storage.Studies;
using MisuseLab.Storage.Users;
using MisuseLab.Study.Definitions;
using MisuseLab.TestSupport;

namespace MisuseLab.Analysis.Tests.Dataset;

/// <summary>
/// Loading and exporting a study reads each table once per version: the number of SQL commands is the same for 20 and
/// for 200 participants (a loader that asked per participant would issue hundreds more).
/// </summary>
public abstract class DatasetQueryCountTests<TEngine>(TEngine engine) : DatabaseTest<TEngine>(engine), IDisposable
    where TEngine : class, ITestDatabaseEngine
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "misuselab-count-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Exporting_200_participants_issues_as_many_queries_as_exporting_20()
    {
        await using var small = await Engine.CreateDatabaseAsync("count-20");
        await small.MigrateAsync();
        var slug = (await SeedAsync(small.Connections, 20)).Id;
        await SeedAsync(Connections, 200);

        var few = await CountAsync(small.Connections, slug, "20");
        var many = await CountAsync(Connections, slug, "200");

        Assert.Equal((20, 200), (few.Participants, many.Participants));
        Assert.Equal(few.Commands, many.Commands);
        Assert.InRange(many.Commands, 1, 12);
    }

    private async Task<(int Participants, int Commands)> CountAsync(Storage.Connections.IDbConnectionFactory connections, string slug, string name)
    {
        var counting = new CountingConnections(connections);
        var data = await StudyDatasetLoader.Create(counting).LoadAsync(slug);
        StudyExporter.Write(data, new DirectoryExportTarget(Path.Combine(_folder, name)));
        return (data.Participants.Count, counting.Commands);
    }

    /// <summary>demo.json launched with <paramref name="n"/> participants, each with background answers, events and answers.</summary>
    private static async Task<StudyDefinition> SeedAsync(Storage.Connections.IDbConnectionFactory connections, int n)
    {
        var path = Path.Combine(StudyFiles.FindStudiesDirectory(AppContext.BaseDirectory)!, "demo.json");
        var json = await File.ReadAllTextAsync(path);
        var definition = StudyDefinitionLoader.Load(path);
        var studies = new StudyRepository(connections);
        var start = new DateTimeOffset(2026, 5, 4, 10, 0, 0, TimeSpan.Zero);
        var version = await studies.ImportAsync(definition.Id, definition.Title, definition.Version, StudyHash.Compute(json), json, start);
        version = (await studies.LaunchAsync(version.Id, start)).Launched;
        var users = new UserRepository(connections);
        var participants = new ParticipantRepository(connections);
        var responses = new ResponseRepository(connections);
        var design = StudyAssignment.Design(definition);
        for (var k = 0; k < n; k++)
        {
            var user = await users.AddAsync($"count{k}@example.org", "hash", Roles.Participant, start);
            var p = (await participants.EnrolAsync(new EnrolmentRequest(version.StudyId, version.Id, user.Id, EntryKind.Open, null, 1), design, start)).Participant;
            await responses.SaveBackgroundAsync(p.Id, new Dictionary<string, string> { ["bg-role"] = "Other", ["bg-familiar-shap"] = "4" }, start);
            await participants.ActivateAsync(p.Id);
            await responses.AddEventAsync(p.Id, "overview", "page.view", "{}", start);
            Assert.True(await participants.AdvanceAsync(p.Id, 1, 2));
            Assert.True(await responses.SubmitPageAsync(p.Id, 2, "global", [new AnswerInput("global", "top-feature", "age", null)], "{\"dwell_ms\":1000}", start));
        }
        return definition;
    }

    public void Dispose()
    {
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }
}

public sealed class DatasetQueryCountSqliteTests(SqliteEngine e) : DatasetQueryCountTests<SqliteEngine>(e);

public sealed class DatasetQueryCountPostgresTests(PostgresEngine e) : DatasetQueryCountTests<PostgresEngine>(e);
