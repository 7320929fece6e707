using System.Data.Common;

namespace MisuseLab.Storage.Audit;

/// <summary>
/// The audit entries a repository write appends inside its own transaction, computed from what the write did (the id it
/// assigned, the versions it closed). The repository calls <see cref="WriteAsync"/> last, just before commit, so the
/// action and its entries commit or roll back together. Build one with <see cref="AuditLog.InTransaction{TResult}"/>.
/// </summary>
public sealed class AuditInTransaction<TResult>
{
    private readonly AuditLog _log;
    private readonly Func<TResult, IEnumerable<AuditRecord>> _records;

    internal AuditInTransaction(AuditLog log, Func<TResult, IEnumerable<AuditRecord>> records)
    {
        _log = log;
        _records = records;
    }

    public async Task WriteAsync(DbConnection connection, DbTransaction transaction, TResult result, CancellationToken cancellationToken)
    {
        foreach (var record in _records(result))
        {
            await _log.AppendAsync(connection, transaction, record, cancellationToken);
        }
    }
}
