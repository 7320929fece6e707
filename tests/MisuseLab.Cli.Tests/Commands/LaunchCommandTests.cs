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

    [Fact]
    public async Task Misuselab_launch_with_member_makes_staff_members_and_refuses_a_participant_before_launching()
    {
        var demo = Path.Combine(StudyFiles.FindStudiesDirectory(AppContext.BaseDirectory)!, "demo.json");
        const string password = "a long enough password";
        Assert.Equal(0, CliRun.Invoke("users", "add", "--email", "fac@example.org", "--password", password, "--role", "facilitator", "--connection", _db.Connection).ExitCode);
        Assert.Equal(0, CliRun.Invoke("users", "add", "--email", "p@example.org", "--password", password, "--connection", _db.Connection).ExitCode);

        var refused = CliHarness.RunProcess("launch", demo, "--member", "fac@example.org", "--member", "p@example.org", "--connection", _db.Connection);
        var connections = DbConnectionFactory.Create(new DatabaseOptions { ConnectionString = _db.Connection }, _db.Folder);
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("found a participant account for 'p@example.org'", refused.Error);
        Assert.Null(await new StudyRepository(connections).FindStudyAsync("demo"));

        var launched = CliHarness.RunProcess("launch", demo, "--member", "fac@example.org", "--connection", _db.Connection);
        Assert.True(launched.ExitCode == 0, launched.Error);
        var study = await new StudyRepository(connections).FindStudyAsync("demo");
        Assert.Equal(["fac@example.org"], (await new StudyMemberRepository(connections).ListAsync(study!.Id)).Select(m => m.Email));
        Assert.Contains("study.member-added", (await new AuditLog(connections).ReadEntityAsync("study/demo")).Select(e => e.Action));
    }

    public void Dispose() => _db.Dispose();
}
