using System.Text.Json;
using MisuseLab.Storage.Audit;

namespace MisuseLab.Web.Areas.Facilitator.Services;

/// <summary>
/// Every facilitator action goes into the hash-chained <see cref="AuditLog"/> with entity <c>study/{slug}</c> or
/// <c>study/{slug}/version/{id}</c> (the form <see cref="MisuseLab.Web.Studies.StudyLauncher"/> uses too), so a
/// study's history is the entries under that prefix.
/// </summary>
public sealed class FacilitatorAudit(AuditLog audit)
{
    private const int Page = 1000;

    public static string StudyEntity(string slug) => $"study/{slug}";

    public static string VersionEntity(string slug, long versionId) => $"study/{slug}/version/{versionId}";

    public Task<AuditEntry> RecordAsync(string actor, string action, string entity, object payload, CancellationToken cancellationToken) =>
        audit.AppendAsync(actor, action, entity, JsonSerializer.Serialize(payload), cancellationToken);

    /// <summary>The entries about study <paramref name="slug"/>, oldest first.</summary>
    public async Task<IReadOnlyList<AuditEntry>> ForStudyAsync(string slug, CancellationToken cancellationToken)
    {
        // AuditLog reads by sequence only; the log is filtered page by page here so the chain's SQL stays in AuditLog.
        var entity = StudyEntity(slug);
        var prefix = entity + "/";
        var found = new List<AuditEntry>();
        long from = 1;
        while (true)
        {
            var batch = await audit.ReadAsync(from, Page, cancellationToken);
            foreach (var entry in batch)
            {
                if (entry.Entity == entity || entry.Entity.StartsWith(prefix, StringComparison.Ordinal)) found.Add(entry);
            }
            if (batch.Count < Page) return found;
            from = batch[^1].Seq + 1;
        }
    }
}
