using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MisuseLab.Platform.Audit;
using MisuseLab.Platform.Launch;
using MisuseLab.Storage.Audit;
using MisuseLab.Storage.Studies;
using MisuseLab.Study.Definitions;
using MisuseLab.TestSupport;

namespace MisuseLab.Platform.Tests.Launch;

/// <summary>
/// The one launch path keeps the one-open-version rule however launches race: the demo seeding a study while a
/// facilitator launches another version of the same slug, on one node or on two nodes (two queues) sharing a database.
/// Builders are gated so both launches have read the study before either opens its version (the race the rule must
/// survive); no model is trained.
/// </summary>
public abstract class StudyLaunchTests<TEngine>(TEngine engine) : DatabaseTest<TEngine>(engine)
    where TEngine : class, ITestDatabaseEngine
{
    [Fact]
    public async Task Demo_and_facilitator_launching_one_slug_on_two_nodes_leave_exactly_one_open_version()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var demoBuilder = new GatedBuilder(gate.Task);
        var facilitatorBuilder = new GatedBuilder(gate.Task);
        await using var demoNode = NewLaunch(demoBuilder);
        await using var facilitatorNode = NewLaunch(facilitatorBuilder);
        var (demoFile, facilitatorJson) = await StudyFilesAsync();
        var studies = new StudyRepository(Connections);
        var draft = await ImportAsync(studies, facilitatorJson);

        var demo = demoNode.LaunchFileAsync(demoFile, AuditActor.System("demo"), CancellationToken.None);
        Assert.True(facilitatorNode.TryEnqueue(draft, AuditActor.User(7), out var facilitator));
        await Task.WhenAll(demoBuilder.Entered, facilitatorBuilder.Entered).WaitAsync(TimeSpan.FromMinutes(1));
        gate.SetResult();
        await demo;
        await facilitator.Completion.WaitAsync(TimeSpan.FromMinutes(1));

        Assert.Equal(LaunchState.Launched, facilitator.State);
        var versions = await studies.ListVersionsAsync(Slug);
        Assert.Equal(2, versions.Count);
        var open = Assert.Single(versions, v => v.Status is StudyStatus.Open or StudyStatus.Paused);
        Assert.Equal(open.Id, (await studies.FindStudyAsync(Slug))!.CurrentVersionId);
        Assert.Equal(StudyStatus.Closed, Assert.Single(versions, v => v.Id != open.Id).Status);
        var audit = await new StudyAudit(new AuditLog(Connections)).ForStudyAsync(Slug, CancellationToken.None);
        Assert.Equal(2, audit.Count(e => e.Action == "study.launched"));
        Assert.Single(audit, e => e.Action == "study.closed"); // the one that lost the race is closed by the other's launch, and audited
    }

    [Fact]
    public async Task One_queue_runs_launches_one_at_a_time_and_the_later_one_stays_open()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var builder = new GatedBuilder(gate.Task);
        await using var node = NewLaunch(builder);
        var (demoFile, facilitatorJson) = await StudyFilesAsync();
        var studies = new StudyRepository(Connections);
        var draft = await ImportAsync(studies, facilitatorJson);

        var demo = node.LaunchFileAsync(demoFile, AuditActor.System("demo"), CancellationToken.None);
        await builder.Entered.WaitAsync(TimeSpan.FromMinutes(1));
        Assert.True(node.TryEnqueue(draft, AuditActor.User(7), out var facilitator));
        Assert.Equal(LaunchState.Queued, facilitator.State); // the first build holds the queue
        Assert.False(node.TryEnqueue(draft, AuditActor.User(8), out var same));
        Assert.Same(facilitator, same);
        gate.SetResult();
        var first = await demo;
        await facilitator.Completion.WaitAsync(TimeSpan.FromMinutes(1));

        Assert.Equal(2, builder.Builds);
        var versions = await studies.ListVersionsAsync(Slug);
        Assert.Equal(StudyStatus.Closed, versions.Single(v => v.Id == first.Id).Status);
        Assert.Equal(StudyStatus.Open, versions.Single(v => v.Id == draft.Id).Status);
    }

    private const string Slug = "demo";

    private StudyLaunch NewLaunch(IStudyStimulusBuilder builder)
    {
        var options = Options.Create(new MisuseLabOptions());
        var audit = new StudyAudit(new AuditLog(Connections, AuditKeyRing.Generate()));
        var stimuli = new StimulusRepository(Connections);
        return new StudyLaunch(new StudyRepository(Connections), new StimulusBuild(stimuli, new StudyRepository(Connections), builder, options, TimeProvider.System), audit, TimeProvider.System, NullLogger<StudyLaunch>.Instance);
    }

    /// <summary>studies/demo.json as the demo launches it, and a facilitator's edited copy (another version of the same slug).</summary>
    private static async Task<(string DemoFile, string FacilitatorJson)> StudyFilesAsync()
    {
        var demoFile = Path.Combine(StudyFiles.FindStudiesDirectory(AppContext.BaseDirectory)!, "demo.json");
        var edited = JsonNode.Parse(await File.ReadAllTextAsync(demoFile))!.AsObject();
        edited["version"] = "9.9.9";
        edited["title"] = "Demo, edited by a facilitator";
        return (demoFile, edited.ToJsonString());
    }

    private static async Task<StudyVersionRecord> ImportAsync(StudyRepository studies, string json)
    {
        var result = StudyValidator.Validate(json, "facilitator edit");
        var definition = result.Definition!;
        return await studies.ImportAsync(definition.Id, definition.Title, definition.Version, result.Hash!, json, DateTimeOffset.UtcNow);
    }

    /// <summary>Builds nothing, but only once the test opens the gate; says when a build has started.</summary>
    private sealed class GatedBuilder(Task gate) : IStudyStimulusBuilder
    {
        private readonly TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _builds;

        public Task Entered => _entered.Task;

        public int Builds => _builds;

        public IReadOnlyList<StimulusEntry> Build(StudyDefinition definition, string dataDirectory, IProgress<string>? progress)
        {
            Interlocked.Increment(ref _builds);
            _entered.TrySetResult();
            gate.Wait(TimeSpan.FromMinutes(1));
            return [];
        }
    }
}

public sealed class StudyLaunchSqliteTests(SqliteEngine e) : StudyLaunchTests<SqliteEngine>(e);

public sealed class StudyLaunchPostgresTests(PostgresEngine e) : StudyLaunchTests<PostgresEngine>(e);
