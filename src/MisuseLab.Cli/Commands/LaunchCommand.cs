using System.CommandLine;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MisuseLab.Cli.Infrastructure;
using MisuseLab.Platform;
using MisuseLab.Platform.Audit;
using MisuseLab.Platform.Launch;
using MisuseLab.Storage.Audit;
using MisuseLab.Storage.Studies;

namespace MisuseLab.Cli.Commands;

/// <summary>
/// <c>misuselab launch FILE [--data-dir D] [--provider P --connection C]</c>: imports a study file and launches it
/// through the platform's launch queue, the same path the web app's demo seeding and facilitator pages take (stimuli
/// built once, the previous open version closed in the launch transaction, every step audited as <c>system/cli</c>).
/// </summary>
public static class LaunchCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("file") { Description = "The study file to launch (studies/*.json)." };
        var dataDir = DataCommand.DataDirOption();
        var command = new Command("launch", "Import a study file and open it for participants (builds its stimuli when they are not stored yet).");
        command.Arguments.Add(file);
        command.Options.Add(dataDir);
        var database = DatabaseCliOptions.AddTo(command);
        command.SetAction((parseResult, cancellationToken) => CliErrors.RunAsync(parseResult, async writer =>
        {
            var connections = await database.OpenAsync(parseResult, migrate: true, cancellationToken);
            var options = Options.Create(new MisuseLabOptions { DataDir = parseResult.GetValue(dataDir) });
            await using var launch = new StudyLaunch(new StudyRepository(connections),
                new StimulusBuild(new StimulusRepository(connections), new StudyRepository(connections), new PipelineStimulusBuilder(), options, TimeProvider.System),
                new StudyAudit(new AuditLog(connections, DatabaseCliOptions.AuditKeys(parseResult))), TimeProvider.System, NullLogger<StudyLaunch>.Instance);
            var version = await launch.LaunchFileAsync(parseResult.GetValue(file)!, AuditActor.System("cli"), cancellationToken);
            await writer.WriteLineAsync($"Launched {version.Slug} {version.Version} (study hash {version.StudyHash}): open at /join/{version.Slug}.");
            return 0;
        }));
        return command;
    }
}
