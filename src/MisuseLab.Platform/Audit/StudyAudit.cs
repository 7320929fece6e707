using System.Text.Json;
using MisuseLab.Storage.Audit;

namespace MisuseLab.Platform.Audit;

/// <summary>
/// Every action on a study goes into the keyed, chained <see cref="AuditLog"/> with entity <c>study/{slug}</c> or
/// <c>study/{slug}/version/{id}</c>, so a study's history is the entries under that prefix. Actors are
/// <see cref="AuditActor"/>s. An action that changes the database passes <see cref="InTransaction{TResult}(Func{TResult, IEnumerable{AuditRecord}})"/>
/// to its repository so the entry commits with it; <see cref="RecordAsync"/> is for events that change nothing else
/// (an export, a failed launch).
/// </summary>
public sealed class StudyAudit(AuditLog audit)
{
    public static string StudyEntity(string slug) => $"study/{slug}";

    public static string VersionEntity(string slug, long versionId) => $"study/{slug}/version/{versionId}";

    public static AuditRecord Record(string actor, string action, string entity, object payload) =>
        new(actor, action, entity, JsonSerializer.Serialize(payload));

    public AuditInTransaction<TResult> InTransaction<TResult>(Func<TResult, IEnumerable<AuditRecord>> records) => audit.InTransaction(records);

    public AuditInTransaction<TResult> InTransaction<TResult>(Func<TResult, AuditRecord> record) => audit.InTransaction(record);

    public Task<AuditEntry> RecordAsync(string actor, string action, string entity, object payload, CancellationToken cancellationToken) =>
        audit.AppendAsync(actor, action, entity, JsonSerializer.Serialize(payload), cancellationToken);

    /// <summary>The entries about study <paramref name="slug"/> and its versions, oldest first.</summary>
    public Task<IReadOnlyList<AuditEntry>> ForStudyAsync(string slug, CancellationToken cancellationToken) =>
        audit.ReadEntityAsync(StudyEntity(slug), cancellationToken);
}
