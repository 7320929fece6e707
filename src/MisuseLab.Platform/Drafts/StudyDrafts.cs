using MisuseLab.Platform.Access;
using MisuseLab.Platform.Audit;
using MisuseLab.Platform.Launch;
using MisuseLab.Storage;
using MisuseLab.Storage.Audit;
using MisuseLab.Storage.Studies;
using MisuseLab.Study.Definitions;

namespace MisuseLab.Platform.Drafts;

/// <summary>The result of importing or editing: the stored draft, or every error that kept it from being stored.</summary>
public sealed record DraftOutcome(StudyVersionRecord? Version, IReadOnlyList<StudyError> Errors, string? Problem = null)
{
    public bool Succeeded => Version is not null;

    public static DraftOutcome Invalid(IReadOnlyList<StudyError> errors) => new(null, errors);

    public static DraftOutcome Refused(string problem) => new(null, [], problem);
}

/// <summary>
/// Drafts: importing a study file, editing a draft (form or full JSON), and starting a new version from any version.
/// Every path runs the study validator on the exact JSON that will be stored; nothing is stored unless it passes.
/// </summary>
public sealed class StudyDrafts(
    StudyRepository studies,
    StudyDraftRepository drafts,
    StimulusRepository stimuli,
    StudyLaunch launches,
    StudyAudit audit,
    StudyMemberRepository members,
    TimeProvider clock)
{
    /// <summary>Largest study file accepted (the shipped kaur2020 is about 25 kB).</summary>
    public const int MaxJsonBytes = 1_000_000;

    /// <summary>Imports as the platform itself (<paramref name="actor"/> a system actor): the study gets no member.</summary>
    public Task<DraftOutcome> ImportAsync(string json, string fileName, string actor, CancellationToken cancellationToken) =>
        ImportAsync(json, fileName, actor, importer: null, cancellationToken);

    /// <summary>
    /// Imports as a signed-in account: it becomes the first member of a study it creates; a new version of an existing
    /// study is refused unless it is a member or an admin (<see cref="Access.StudyAccess"/>).
    /// </summary>
    public Task<DraftOutcome> ImportAsync(string json, string fileName, StaffUser importer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(importer);
        return ImportAsync(json, fileName, importer.Actor, importer, cancellationToken);
    }

    private async Task<DraftOutcome> ImportAsync(string json, string fileName, string actor, StaffUser? importer, CancellationToken cancellationToken)
    {
        var result = StudyValidator.Validate(json, fileName);
        if (result.Definition is null) return DraftOutcome.Invalid(result.Errors);
        var definition = result.Definition;
        var versions = await studies.ListVersionsAsync(definition.Id, cancellationToken);
        if (importer is { IsAdmin: false } && versions.Count > 0 && !await members.IsMemberAsync(versions[0].StudyId, importer.Id, cancellationToken))
        {
            return DraftOutcome.Refused($"The study id \"{definition.Id}\" is taken by a study you are not a member of. Choose another \"id\", or ask one of its members or an admin to add you.");
        }
        // The repository makes the importer a member only when it creates the study; the audit says so in the same transaction.
        var creates = versions.Count == 0;
        var same = versions.FirstOrDefault(v => v.StudyHash == result.Hash);
        if (same is not null)
        {
            return DraftOutcome.Refused($"This exact study content is already stored as {definition.Id} version {same.Version} ({StudyStatuses.ToDb(same.Status)}); nothing was imported.");
        }
        if (versions.FirstOrDefault(v => v.Version == definition.Version) is { } clash)
        {
            return DraftOutcome.Refused($"{definition.Id} already has a version {definition.Version} with different content ({StudyStatuses.ToDb(clash.Status)}). " +
                $"Raise \"version\" in the file (e.g. to {DraftJsonEditor.NextVersion(definition.Version, versions.Select(v => v.Version))}) and import again.");
        }
        var version = await studies.ImportAsync(definition.Id, definition.Title, definition.Version, result.Hash!, json, clock.GetUtcNow(),
            audit.InTransaction<StudyVersionRecord>(v => ImportRecords(actor, fileName, definition, v, creates ? importer : null)), creates ? importer?.Id : null, cancellationToken);
        return new DraftOutcome(version, []);
    }

    private static IEnumerable<AuditRecord> ImportRecords(string actor, string fileName, StudyDefinition definition, StudyVersionRecord version, StaffUser? firstMember)
    {
        yield return StudyAudit.Record(actor, "study.imported", StudyAudit.VersionEntity(definition.Id, version.Id),
            new { file = fileName, version = definition.Version, hash = version.StudyHash });
        if (firstMember is not null)
        {
            yield return StudyAudit.Record(actor, "study.member-added", StudyAudit.StudyEntity(definition.Id), new { member = firstMember.Actor, reason = "importer" });
        }
    }

    /// <summary>Applies a form edit to a draft, re-validates and stores the new JSON in place of the draft's.</summary>
    public async Task<DraftOutcome> EditAsync(StudyVersionRecord draft, DraftEdit edit, string actor, CancellationToken cancellationToken)
    {
        string json;
        try
        {
            json = DraftJsonEditor.Apply(draft.DefinitionJson, edit);
        }
        catch (ArgumentException e)
        {
            return DraftOutcome.Refused(e.Message);
        }
        return await ReplaceAsync(draft, json, "form", actor, cancellationToken);
    }

    /// <summary>Replaces a draft's JSON with <paramref name="json"/> (validated first; the study id and version must stay).</summary>
    public async Task<DraftOutcome> ReplaceAsync(StudyVersionRecord draft, string json, string how, string actor, CancellationToken cancellationToken)
    {
        if (draft.Status != StudyStatus.Draft || draft.LaunchedAt is not null)
        {
            return DraftOutcome.Refused($"Version {draft.Version} of {draft.Slug} has been launched and is frozen; create a new version from it to change anything.");
        }
        if (launches.IsBuilding(draft.Id) || await stimuli.CountAsync(draft.Id, cancellationToken) > 0)
        {
            return DraftOutcome.Refused($"Version {draft.Version} of {draft.Slug} is being launched (its stimuli are built from the current content); create a new version from it to change anything.");
        }
        var result = StudyValidator.Validate(json, $"{draft.Slug} {draft.Version} (draft)");
        if (result.Definition is null) return DraftOutcome.Invalid(result.Errors);
        if (result.Definition.Id != draft.Slug)
        {
            return DraftOutcome.Refused($"Expected \"id\" to stay \"{draft.Slug}\"; found \"{result.Definition.Id}\". A different id is a different study: import it instead.");
        }
        if (result.Definition.Version != draft.Version)
        {
            var versions = await studies.ListVersionsAsync(draft.Slug, cancellationToken);
            if (versions.Any(v => v.Id != draft.Id && v.Version == result.Definition.Version))
            {
                return DraftOutcome.Refused($"{draft.Slug} already has a version {result.Definition.Version}; choose another version string.");
            }
        }
        if (result.Hash == draft.StudyHash)
        {
            return new DraftOutcome(draft, []);
        }
        StudyVersionRecord stored;
        try
        {
            var edited = StudyAudit.Record(actor, "study.draft-edited", StudyAudit.VersionEntity(draft.Slug, draft.Id),
                new { how, version = result.Definition.Version, previous_hash = draft.StudyHash, hash = result.Hash });
            stored = await drafts.ReplaceDraftAsync(draft.Id, result.Definition.Version, result.Hash!, json, audit.InTransaction<long>(_ => edited), cancellationToken);
        }
        catch (DuplicateKeyException e)
        {
            return DraftOutcome.Refused(e.Message);
        }
        catch (StorageException e)
        {
            return DraftOutcome.Refused(e.Message);
        }
        return new DraftOutcome(stored, []);
    }

    /// <summary>A new draft from <paramref name="source"/> (any status) with the next free patch version.</summary>
    public async Task<DraftOutcome> NewVersionFromAsync(StudyVersionRecord source, string actor, CancellationToken cancellationToken)
    {
        var versions = await studies.ListVersionsAsync(source.Slug, cancellationToken);
        var next = DraftJsonEditor.NextVersion(source.Version, versions.Select(v => v.Version));
        var json = DraftJsonEditor.WithVersion(source.DefinitionJson, next);
        var result = StudyValidator.Validate(json, $"{source.Slug} {next}");
        if (result.Definition is null) return DraftOutcome.Invalid(result.Errors);
        var version = await studies.ImportAsync(source.Slug, result.Definition.Title, next, result.Hash!, json, clock.GetUtcNow(),
            audit.InTransaction<StudyVersionRecord>(v => StudyAudit.Record(actor, "study.version-created", StudyAudit.VersionEntity(source.Slug, v.Id),
                new { from_version = source.Version, from_id = source.Id, version = next, hash = v.StudyHash })), cancellationToken);
        return new DraftOutcome(version, []);
    }
}
