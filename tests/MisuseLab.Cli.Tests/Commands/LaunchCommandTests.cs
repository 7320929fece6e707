using System.Text.Json.Nodes;
using MisuseLab.Storage;
using MisuseLab.Storage.Audit;
using MisuseLab.Storage.Connections;
using MisuseLab.Storage.Studies;
using MisuseLab.Study.Definitions;

namespace MisuseLab.Cli.Tests.Commands;

public sealed class LaunchCommandTests : IDisposable
{
    private readonly TempDatabase _db = new();

    [Fact]
    public async Task Misuselab_launch_opens_a_study_and_a_second_version_closes_the_first_with_both_steps_audited()
    {
        var demo = Path.Combine(StudyFiles.FindStudiesDirectory(AppContext.BaseDirectory)!, "demo.json");
        var edited = JsonNode.Parse(await File.ReadAllTextAsync(demo))!.AsObject();
        edited["version"] = "9.9.9";
        var second = Path.Combine(_db.Folder, "demo-9.9.9.json");
        await File.WriteAllTextAsync(second, edited.ToJsonString());

        var first = CliHarness.RunProcess("launch", demo, "--connection", _db.Connection);
        var again = CliHarness.RunProcess("launch", second, "--connection", _db.Connection);

        Assert.True(first.ExitCode == 0, first.Error);
        Assert.True(again.ExitCode == 0, again.Error);
        Assert.Contains("Launched demo 9.9.9", again.Output);
        var connections = DbConnectionFactory.Create(new DatabaseOptions { ConnectionString = _db.Connection }, _db.Folder);
        var versions = await new StudyRepository(connections).ListVersionsAsync("demo");
        Assert.Equal([StudyStatus.Closed, StudyStatus.Open], versions.Select(v => v.Status));
        Assert.True(await new StimulusRepository(connections).CountAsync(versions[1].Id) > 0);
        var audit = await new AuditLog(connections).ReadEntityAsync("study/demo");
        Assert.Equal(["study.launched", "study.closed", "study.launched"], audit.Select(e => e.Action));
        Assert.All(audit, e => Assert.Equal("system/cli", e.Actor));
    }

    public void Dispose() => _db.Dispose();
}
