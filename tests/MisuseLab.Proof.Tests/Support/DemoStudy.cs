using System.Collections.Concurrent;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MisuseLab.Platform;
using MisuseLab.Platform.Audit;
using MisuseLab.Platform.Launch;
using MisuseLab.Platform.Sessions;
using MisuseLab.Platform.Studies;
using MisuseLab.Storage.Audit;
using MisuseLab.Storage.Studies;
using MisuseLab.Study.Definitions;
using MisuseLab.TestSupport;
using MisuseLab.Web.Infrastructure;
using MisuseLab.Web.Studies;

namespace MisuseLab.Proof.Tests.Support;

/// <summary>
/// The demo study (studies/demo.json) with its real stimuli, built by the real pipeline once per test run and
/// launched into each test database through the app's own <see cref="StudyLaunch"/>. Web nodes then start with demo
/// seeding off and find the study stored: no node, and no restart, ever builds stimuli again.
/// </summary>
public static class DemoStudy
{
    public const string Slug = "demo";

    private static readonly CachingStimulusBuilder Builder = new(new PipelineStimulusBuilder());

    public static string FilePath => Path.Combine(
        StudyFiles.FindStudiesDirectory(AppContext.BaseDirectory) ?? throw new InvalidOperationException("studies/ not found above " + AppContext.BaseDirectory),
        Slug + ".json");

    /// <summary>How many times the pipeline actually ran in this test process (1 after any launch).</summary>
    public static int Builds => Builder.Builds;

    /// <summary>Migrates <paramref name="database"/> and launches the demo study into it.</summary>
    public static async Task<LaunchedStudy> LaunchAsync(TestDatabase database)
    {
        await database.MigrateAsync();
        var connections = database.Connections;
        await using var launcher = new StudyLaunch(new StudyRepository(connections),
            new StimulusBuild(new StimulusRepository(connections), new StudyRepository(connections), Builder, Options.Create(new MisuseLabOptions()), TimeProvider.System),
            new StudyAudit(new AuditLog(connections, AuditKeyRing.Generate(), TimeProvider.System)), TimeProvider.System, NullLogger<StudyLaunch>.Instance);
        var version = await launcher.LaunchFileAsync(FilePath, AuditActor.System("proof-tests"), CancellationToken.None);
        var definition = StudyValidator.Validate(version.DefinitionJson).Definition!;
        return new LaunchedStudy(version, definition);
    }

    /// <summary>The pipeline's output per study and version, kept for the life of the test process.</summary>
    private sealed class CachingStimulusBuilder(IStudyStimulusBuilder inner) : IStudyStimulusBuilder
    {
        private readonly ConcurrentDictionary<string, Lazy<IReadOnlyList<StimulusEntry>>> _built = new();
        private int _builds;

        public int Builds => Volatile.Read(ref _builds);

        public IReadOnlyList<StimulusEntry> Build(StudyDefinition definition, string dataDirectory, IProgress<string>? progress) =>
            _built.GetOrAdd($"{definition.Id}@{definition.Version}", _ => new Lazy<IReadOnlyList<StimulusEntry>>(() =>
            {
                Interlocked.Increment(ref _builds);
                return inner.Build(definition, dataDirectory, progress);
            })).Value;
    }
}

/// <summary>A launched study version and the answer items each participant must end up with.</summary>
public sealed record LaunchedStudy(StudyVersionRecord Version, StudyDefinition Definition)
{
    /// <summary>Items of the study's pages (answers table), in page order.</summary>
    public IReadOnlyList<string> PageItems => Definition.Pages.SelectMany(p => AnswerItem.ItemsOf(p.Questions)).Select(i => i.ItemId).ToList();

    /// <summary>Items of the background form (background_answers table).</summary>
    public IReadOnlyList<string> BackgroundItems => AnswerItem.ItemsOf(DefaultBackground.For(Definition)).Select(i => i.ItemId).ToList();
}
