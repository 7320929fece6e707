using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MisuseLab.Platform;
using MisuseLab.Platform.Audit;
using MisuseLab.Platform.Launch;
using MisuseLab.Platform.Remedies;
using MisuseLab.Storage;
using MisuseLab.Storage.Audit;
using MisuseLab.Storage.Connections;
using MisuseLab.Storage.Migrations;
using MisuseLab.Storage.Studies;
using MisuseLab.Study.Definitions;

namespace MisuseLab.Cli.Bench;

/// <summary>
/// The demo study as an anonymous survey link: studies/demo.json with its enrolment replaced by
/// <c>{"mode": "open", "participant_sign_in": "link"}</c>, launched into the bench server's database before the server
/// starts (the server finds it launched and serves it). Open with link sign-in rather than an invite copy with codes:
/// every bot joins through the one study link, so the bench needs no code list sized to the participants a fixed-time
/// run will start (unknown in advance), and each join does exactly what an invited one does — consent, enrolment,
/// a new sign-in link, no password — minus the code lookup. The study file in studies/ stays untouched.
/// </summary>
internal static class LinkStudyCopy
{
    /// <summary>Writes the copy of <paramref name="studyFile"/> into <paramref name="folder"/> and returns its path.</summary>
    public static string Write(string studyFile, string folder)
    {
        var study = JsonNode.Parse(File.ReadAllText(studyFile)) as JsonObject
            ?? throw new InvalidDataException($"{studyFile}: expected a JSON object (a study file).");
        study["enrolment"] = new JsonObject { ["mode"] = "open", ["participant_sign_in"] = "link" };
        var path = Path.Combine(folder, Path.GetFileName(studyFile));
        File.WriteAllText(path, study.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        return path;
    }

    /// <summary>
    /// Migrates the server's database and launches the copy into it through the platform's launch queue, as <c>misuselab launch</c> does.
    /// A study with a remedy menu then gets its remedy scores precomputed (what launch does before such a study opens),
    /// timed apart from the stimuli; null for a study without one.
    /// </summary>
    public static async Task<RemedyPrecompute?> LaunchAsync(string studyFile, ServerDatabase database, string dataDirectory, CancellationToken cancellationToken)
    {
        var folder = Path.GetDirectoryName(database.AuditKeyFile)!;
        var copy = Write(studyFile, folder);
        var connections = DbConnectionFactory.Create(new DatabaseOptions { Provider = DatabaseOptions.Sqlite, ConnectionString = database.ConnectionString }, folder);
        await new MigrationRunner(connections).ApplyAsync(cancellationToken);
        var options = Options.Create(new MisuseLabOptions { DataDir = dataDirectory });
        await using var launch = new StudyLaunch(new StudyRepository(connections),
            new StimulusBuild(new StimulusRepository(connections), new StudyRepository(connections), new PipelineStimulusBuilder(), options, TimeProvider.System),
            new StudyAudit(new AuditLog(connections, AuditKeyRing.LoadOrCreateFile(database.AuditKeyFile))), TimeProvider.System, NullLogger<StudyLaunch>.Instance);
        var version = await launch.LaunchFileAsync(copy, AuditActor.System("bench"), cancellationToken);
        var definition = StudyValidator.Validate(version.DefinitionJson, copy).Definition!;
        if (definition.Remedies.Count == 0) return null;
        var started = Stopwatch.GetTimestamp();
        var stored = await new RemedyScores(new RemedyScoreRepository(connections), options).EnsurePrecomputedAsync(version, definition, progress: null, cancellationToken);
        return new RemedyPrecompute(Stopwatch.GetElapsedTime(started).TotalSeconds, stored);
    }
}

/// <summary>How long launch took to score every remedy combination of a study's menu, and how many scores it stored (0: the menu is too large to precompute).</summary>
internal sealed record RemedyPrecompute(double Seconds, int Stored);
