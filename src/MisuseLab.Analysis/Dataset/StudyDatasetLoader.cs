using System.Collections.Concurrent;
using System.Text.Json;
using MisuseLab.Analysis;
using MisuseLab.Storage.Coding;
using MisuseLab.Storage.Connections;
using MisuseLab.Storage.Participants;
using MisuseLab.Storage.Responses;
using MisuseLab.Storage.Studies;
using MisuseLab.Study.Definitions;
using MisuseLab.Study.Stimuli;

namespace MisuseLab.Analysis.Dataset;

/// <summary>
/// Which participants a dataset holds. Withdrawn participants are left out unless asked for; so are pilot participants
/// (enrolled with a pilot invite code, e.g. the facilitator's "pilot with N bots"), so neither the analysis, its
/// declared tests, analysis.json nor the export counts a pilot unless <see cref="IncludePilot"/> says so.
/// </summary>
public sealed record DatasetOptions(bool IncludeWithdrawn = false, bool IncludePilot = false);

/// <summary>
/// Reads one study version through the repositories and scores every answer (<see cref="AnswerScoring"/>). The version
/// is the study's current one, or its latest when none is current. Every table is read with one set-based query per
/// version, so the number of queries does not grow with the number of participants; a version's definition is
/// validated once per process (it never changes after launch). Storage itself never interprets stimuli; this is the
/// analysis stage at the end of the flow, reading what storage kept.
/// </summary>
public sealed class StudyDatasetLoader(
    StudyRepository studies,
    ParticipantRepository participants,
    ResponseRepository responses,
    StimulusRepository stimuli,
    FreeTextCodeRepository codes,
    CoderCodeRepository coderCodes)
{
    private readonly ConcurrentDictionary<long, StudyDefinition> _definitions = new();

    public static StudyDatasetLoader Create(IDbConnectionFactory connections) => new(
        new StudyRepository(connections), new ParticipantRepository(connections), new ResponseRepository(connections),
        new StimulusRepository(connections), new FreeTextCodeRepository(connections), new CoderCodeRepository(connections));

    /// <exception cref="AnalysisException">The study is unknown or has no version.</exception>
    public async Task<StudyDataset> LoadAsync(string slug, DatasetOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(slug);
        options ??= new DatasetOptions();
        var version = await FindVersionAsync(slug, cancellationToken);
        var definition = _definitions.GetOrAdd(version.Id, _ =>
        {
            var validation = StudyValidator.Validate(version.DefinitionJson, $"study_versions/{version.Id}");
            return validation.Definition
                ?? throw new AnalysisException($"Study '{slug}' version {version.Id}: the stored definition no longer validates ({validation.Errors.Count} error(s), first: {validation.Errors[0]}).");
        });

        var items = AnswerItem.ItemsOf(definition);
        var itemsById = items.ToDictionary(i => i.ItemId, StringComparer.Ordinal);
        var placed = await stimuli.ListByVersionAsync(version.Id, cancellationToken);
        var placedBySha = placed.GroupBy(e => e.Sha256, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var parsed = new Dictionary<string, Stimulus>(StringComparer.Ordinal);
        Stimulus? StimulusOf(string? sha)
        {
            if (sha is null) return null;
            if (parsed.TryGetValue(sha, out var s)) return s;
            var entry = placedBySha.GetValueOrDefault(sha)
                ?? throw new AnalysisException($"Study '{slug}': an answer names stimulus {sha}, which version {version.Id} does not place. The database is inconsistent.");
            return parsed[sha] = StimulusSerializer.Deserialize(entry.CanonicalJson);
        }

        var codeByAnswer = (await codes.ListByVersionAsync(version.Id, cancellationToken))
            .ToDictionary(c => (c.ParticipantId, c.ItemId), c => c.Code);
        var answers = (await responses.ListAnswersByVersionAsync(version.Id, cancellationToken)).ToLookup(a => a.ParticipantId);
        var backgrounds = (await responses.ListBackgroundByVersionAsync(version.Id, cancellationToken)).ToLookup(b => b.ParticipantId);
        var eventsOf = (await responses.ListEventsByVersionAsync(version.Id, cancellationToken)).ToLookup(e => e.ParticipantId);

        var people = new List<DatasetParticipant>();
        var rows = new List<DatasetResponse>();
        var events = new List<DatasetEvent>();
        foreach (var record in await participants.ListByVersionAsync(version.Id, cancellationToken))
        {
            if (record.Status == ParticipantStatus.Withdrawn && !options.IncludeWithdrawn) continue;
            if (record.Pilot && !options.IncludePilot) continue;
            var cell = definition.Conditions.Cells.FirstOrDefault(c => c.Id == record.CellId)
                ?? throw new AnalysisException($"Participant {record.Pseudonym} is in cell '{record.CellId}', which study '{slug}' version {version.Id} does not define.");
            var background = backgrounds[record.Id].ToDictionary(b => b.ItemId, b => b.Value, StringComparer.Ordinal);
            var person = new DatasetParticipant(record, cell.Levels, background);
            people.Add(person);

            var personEvents = eventsOf[record.Id].ToList();
            var dwell = DwellByPage(personEvents);
            events.AddRange(personEvents.Select(e => new DatasetEvent(person, e.PageId, e.Type, e.DetailJson, e.At)));

            foreach (var answer in answers[record.Id])
            {
                if (!itemsById.TryGetValue(answer.ItemId, out var item))
                {
                    throw new AnalysisException($"Participant {record.Pseudonym} answered item '{answer.ItemId}', which study '{slug}' version {version.Id} does not define.");
                }
                var key = AnswerScoring.KeyFor(item, StimulusOf(answer.StimulusSha256));
                rows.Add(new DatasetResponse(person, item, answer.Value, key, AnswerScoring.IsCorrect(answer.Value, key), answer.StimulusSha256,
                    answer.AnsweredAt, answer.UpdatedAt, dwell.TryGetValue(answer.PageId, out var s) ? s : null,
                    codeByAnswer.GetValueOrDefault((record.Id, answer.ItemId))));
            }
        }

        // Answers in page-item order within each participant, so files read like the study.
        var order = items.Select((item, index) => (item.ItemId, index)).ToDictionary(x => x.ItemId, x => x.index, StringComparer.Ordinal);
        var sorted = rows.OrderBy(r => r.Participant.Record.Id).ThenBy(r => order[r.Item.ItemId]).ToList();
        var sanity = await studies.FindSanityAsync(version.Id, cancellationToken);
        var included = people.Select(p => p.Record.Id).ToHashSet();
        var blind = (await coderCodes.ListByVersionAsync(version.Id, cancellationToken)).Where(c => included.Contains(c.ParticipantId)).ToList();
        return new StudyDataset(version, definition, DefaultBackground.For(definition), items, people, sorted, events, placed, options.IncludeWithdrawn, sanity)
        {
            CoderCodes = blind,
            IncludesPilot = options.IncludePilot,
        };
    }

    private async Task<StudyVersionRecord> FindVersionAsync(string slug, CancellationToken cancellationToken)
    {
        var current = await studies.FindCurrentVersionAsync(slug, cancellationToken);
        if (current is not null) return current;
        var versions = await studies.ListVersionsAsync(slug, cancellationToken);
        if (versions.Count == 0)
        {
            var known = (await studies.ListStudiesAsync(cancellationToken)).Select(s => s.Slug).ToList();
            throw new AnalysisException($"No study '{slug}' in this database. Known studies: {(known.Count == 0 ? "none" : string.Join(", ", known))}.");
        }
        return versions[^1];
    }

    /// <summary>Seconds on each page from the server-measured dwell of its last submit (page.submit {"dwell_ms":…}).</summary>
    internal static Dictionary<string, double> DwellByPage(IReadOnlyList<ParticipantEvent> events)
    {
        var dwell = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var e in events)
        {
            if (e.Type != "page.submit") continue;
            using var doc = JsonDocument.Parse(e.DetailJson);
            if (doc.RootElement.TryGetProperty("dwell_ms", out var ms) && ms.ValueKind == JsonValueKind.Number)
            {
                dwell[e.PageId] = ms.GetDouble() / 1000.0;
            }
        }
        return dwell;
    }
}
