using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Options;
using MisuseLab.Platform;
using MisuseLab.Platform.Launch;
using MisuseLab.Platform.Studies;
using MisuseLab.Storage;
using MisuseLab.Storage.Audit;
using MisuseLab.Storage.Participants;
using MisuseLab.Storage.Studies;
using MisuseLab.Storage.Users;
using MisuseLab.Study.Definitions;
using MisuseLab.Web.Infrastructure;

namespace MisuseLab.Web.Studies;

/// <summary>
/// Demo mode (<c>MisuseLab:Demo</c>, default true): creates a demo facilitator and analyst with random passwords
/// (printed once to the console; only the hashes are stored) and launches the demo studies
/// (<c>MisuseLab:DemoStudies</c>) that are not launched yet, through the one launch queue. Runs in the background after migrations, so /healthz answers while the models train.
/// </summary>
public sealed class DemoSeeder(
    IOptions<MisuseLabOptions> options,
    IWebHostEnvironment environment,
    StudyRepository studies,
    StudyMemberRepository members,
    StudyLaunch launcher,
    StudyPreparation preparation,
    UserRepository users,
    ParticipantRepository participants,
    AuditLog audit,
    TimeProvider clock,
    ILogger<DemoSeeder> logger) : BackgroundService
{
    public static readonly IReadOnlyList<(string Email, string Role)> DemoAccounts =
        [("facilitator@demo.misuselab.example", Roles.Facilitator), ("analyst@demo.misuselab.example", Roles.Analyst)];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Demo)
        {
            return;
        }
        await Task.Yield(); // let start-up finish before the slow work
        try
        {
            await CreateAccountsAsync(stoppingToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Demo accounts could not be created.");
        }

        var directory = FindStudiesDirectory();
        foreach (var slug in options.Value.DemoStudies ?? MisuseLabOptions.DefaultDemoStudies)
        {
            if (directory is null)
            {
                preparation.Failed(slug, "The studies/ folder was not found next to the app or above it.");
                continue;
            }
            if (await studies.FindCurrentVersionAsync(slug, stoppingToken) is { } launched)
            {
                await AddDemoMembersAsync(launched, stoppingToken);
                continue;
            }
            preparation.Started(slug);
            try
            {
                logger.LogInformation("{Study}: building its stimuli (training models and computing explanations).", slug);
                var version = await launcher.LaunchFileAsync(Path.Combine(directory, slug + ".json"), AuditActor.System("demo"), stoppingToken);
                await AddDemoMembersAsync(version, stoppingToken);
                await PrintInvitationsAsync(version, stoppingToken);
                preparation.Finished(slug);
                logger.LogInformation("Demo study {Study} is open at /join/{Study}.", slug, slug);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                preparation.Failed(slug, e.Message);
                logger.LogError(e, "Demo study {Study} could not be launched.", slug);
            }
        }
    }

    /// <summary>The demo facilitator and analyst are members of every demo study (per-study access, 0016); idempotent.</summary>
    private async Task AddDemoMembersAsync(StudyVersionRecord version, CancellationToken cancellationToken)
    {
        foreach (var (email, _) in DemoAccounts)
        {
            if (await users.FindByEmailAsync(email, cancellationToken) is not { } account) continue;
            await members.AddAsync(version.StudyId, account.Id, clock.GetUtcNow(), audit.InTransaction<long>(id =>
                new AuditRecord(AuditActor.System("demo"), "study.member-added", $"study/{version.Slug}",
                    JsonSerializer.Serialize(new { member = AuditActor.User(id), role = account.Role }))), cancellationToken);
        }
    }

    /// <summary>Studies by invitation get a few demo invite links, printed once (they admit one person each).</summary>
    private async Task PrintInvitationsAsync(StudyVersionRecord version, CancellationToken cancellationToken)
    {
        using var doc = System.Text.Json.JsonDocument.Parse(version.DefinitionJson);
        if (!doc.RootElement.TryGetProperty("enrolment", out var enrolment) || !enrolment.TryGetProperty("mode", out var mode) || mode.GetString() != "invite")
        {
            return;
        }
        var codes = Enumerable.Range(0, DemoInvitations).Select(_ => ParticipantRepository.NewCode(10)).ToList();
        await participants.AddInviteCodesAsync(version.StudyId, codes, clock.GetUtcNow(), cancellationToken);
        Console.WriteLine($"MisuseLab demo invitations for {version.Slug} (one person each):" + Environment.NewLine +
            string.Join(Environment.NewLine, codes.Select(c => $"  /join/{version.Slug}?code={c}")));
    }

    public const int DemoInvitations = 5;

    private async Task CreateAccountsAsync(CancellationToken cancellationToken)
    {
        var created = new List<string>();
        foreach (var (email, role) in DemoAccounts)
        {
            if (await users.FindByEmailAsync(email, cancellationToken) is not null)
            {
                continue;
            }
            var password = RandomNumberGenerator.GetString("abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789", 20);
            try
            {
                await users.AddAsync(email, AccountPasswords.Hash(password), role, clock.GetUtcNow(),
                    audit.InTransaction<UserAccount>(a => new AuditRecord(AuditActor.System("demo"), "account.created", $"user/{a.Id}", JsonSerializer.Serialize(new { role }))),
                    cancellationToken);
                created.Add($"  {role,-12} {email}  password: {password}");
            }
            catch (DuplicateKeyException)
            {
                // Another node created it a moment ago; its console has the password.
            }
        }
        if (created.Count > 0)
        {
            // Console, not the logger: the passwords must not end up in log files. Shown once; only hashes are stored.
            Console.WriteLine("MisuseLab demo accounts (shown once; note the passwords now):" + Environment.NewLine + string.Join(Environment.NewLine, created));
        }
    }

    private string? FindStudiesDirectory()
    {
        var beside = Path.Combine(environment.ContentRootPath, "studies");
        return Directory.Exists(beside) ? beside
            : StudyFiles.FindStudiesDirectory(environment.ContentRootPath) ?? StudyFiles.FindStudiesDirectory(AppContext.BaseDirectory);
    }
}
