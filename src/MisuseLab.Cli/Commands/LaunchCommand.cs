using System.CommandLine;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MisuseLab.Cli.Infrastructure;
using MisuseLab.Platform;
using MisuseLab.Platform.Access;
using MisuseLab.Platform.Audit;
using MisuseLab.Platform.Launch;
using MisuseLab.Storage.Audit;
using MisuseLab.Storage.Studies;
using MisuseLab.Storage.Users;

namespace MisuseLab.Cli.Commands;

/// <summary>
/// <c>misuselab launch FILE [--member EMAIL]... [--data-dir D] [--provider P --connection C]</c>: imports a study file
/// and launches it through the platform's launch queue, the same path the web app's demo seeding and facilitator pages
/// take (stimuli built once, the previous open version closed in the launch transaction, every step audited as
/// <c>system/cli</c>). A study imported from the command line has no importing account, so without <c>--member</c>
/// only admins could see it on the staff pages.
/// </summary>
public static class LaunchCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("file") { Description = "The study file to launch (studies/*.json)." };
        var dataDir = DataCommand.DataDirOption();
        var member = new Option<string[]>("--member")
        {
            Description = "E-mail of a facilitator or analyst account to make a member of the study (repeat for several); checked before launching.",
            AllowMultipleArgumentsPerToken = false,
        };
        var command = new Command("launch", "Import a study file and open it for participants (builds its stimuli when they are not stored yet).");
        command.Arguments.Add(file);
        command.Options.Add(dataDir);
        command.Options.Add(member);
        var database = DatabaseCliOptions.AddTo(command);
        command.SetAction((parseResult, cancellationToken) => CliErrors.RunAsync(parseResult, async writer =>
        {
            var connections = await database.OpenAsync(parseResult, migrate: true, cancellationToken);
            var members = parseResult.GetValue(member) ?? [];
            await CheckMembersAsync(new UserRepository(connections), members, cancellationToken);
            var options = Options.Create(new MisuseLabOptions { DataDir = parseResult.GetValue(dataDir) });
            await using var launch = new StudyLaunch(new StudyRepository(connections),
                new StimulusBuild(new StimulusRepository(connections), new StudyRepository(connections), new PipelineStimulusBuilder(), options, TimeProvider.System),
                new StudyAudit(new AuditLog(connections, DatabaseCliOptions.AuditKeys(parseResult))), TimeProvider.System, NullLogger<StudyLaunch>.Instance);
            var version = await launch.LaunchFileAsync(parseResult.GetValue(file)!, AuditActor.System("cli"), cancellationToken);
            await writer.WriteLineAsync($"Launched {version.Slug} {version.Version} (study hash {version.StudyHash}): open at /join/{version.Slug}.");
            var studies = new StudyRepository(connections);
            var access = new StudyAccess(studies, new StudyMemberRepository(connections), new UserRepository(connections),
                new StudyAudit(new AuditLog(connections, DatabaseCliOptions.AuditKeys(parseResult))), TimeProvider.System);
            var study = await studies.FindStudyAsync(version.Slug, cancellationToken)
                        ?? throw new InvalidOperationException($"Study {version.Slug} vanished after its launch.");
            foreach (var email in members)
            {
                await writer.WriteLineAsync((await access.AddAsync(study, email, AuditActor.System("cli"), cancellationToken)).Message);
            }
            return 0;
        }));
        return command;
    }

    /// <summary>Refuses, before anything is launched, an address that is not a facilitator's or analyst's account.</summary>
    private static async Task CheckMembersAsync(UserRepository users, IReadOnlyList<string> emails, CancellationToken cancellationToken)
    {
        foreach (var email in emails)
        {
            var account = await users.FindByEmailAsync(email, cancellationToken);
            if (account is null || !StudyAccess.MemberRoles.Contains(account.Role, StringComparer.Ordinal))
            {
                throw new ArgumentException($"--member: expected the e-mail of a facilitator or analyst account; found {(account is null ? "no account" : $"a {account.Role} account")} for '{email}'. Nothing was launched.");
            }
        }
    }
}
