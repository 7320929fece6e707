using System.Globalization;

namespace MisuseLab.Storage.Dialects;

/// <summary>Picks the dialect for a provider name and holds the few pieces both dialects share.</summary>
public static class SqlDialects
{
    /// <summary>The dialect for <paramref name="provider"/> (case-insensitive).</summary>
    public static ISqlDialect For(string provider) => provider.Trim().ToLowerInvariant() switch
    {
        DatabaseOptions.Sqlite => SqliteDialect.Instance,
        DatabaseOptions.Postgres => PostgresDialect.Instance,
        _ => throw new StorageConfigurationException(
            $"Unknown database provider '{provider}'; expected '{DatabaseOptions.Sqlite}' or '{DatabaseOptions.Postgres}'."),
    };

    /// <summary>
    /// Instants are kept to whole microseconds (PostgreSQL's precision) so a value reads back exactly
    /// as written on both engines; the audit hash depends on that.
    /// </summary>
    public static DateTimeOffset ToStoragePrecision(DateTimeOffset value)
    {
        var utc = value.ToUniversalTime();
        return new DateTimeOffset(utc.Ticks - utc.Ticks % 10, TimeSpan.Zero);
    }

    /// <summary>Fixed-width, lexically sortable UTC text: <c>2026-01-31T12:00:00.000000Z</c>.</summary>
    public const string TimestampTextFormat = "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'";

    public static string FormatTimestamp(DateTimeOffset value) =>
        ToStoragePrecision(value).ToString(TimestampTextFormat, CultureInfo.InvariantCulture);

    /// <summary>Both engines accept the SQL-standard-ish ON CONFLICT form (SQLite ≥ 3.24).</summary>
    internal static string OnConflictUpsert(string table, IReadOnlyList<string> keyColumns, IReadOnlyList<string> valueColumns)
    {
        var all = keyColumns.Concat(valueColumns).ToList();
        var columns = string.Join(", ", all);
        var parameters = string.Join(", ", all.Select(c => "@" + c));
        var keys = string.Join(", ", keyColumns);
        var updates = string.Join(", ", valueColumns.Select(c => $"{c} = excluded.{c}"));
        var action = valueColumns.Count == 0 ? "DO NOTHING" : $"DO UPDATE SET {updates}";
        return $"INSERT INTO {table} ({columns}) VALUES ({parameters}) ON CONFLICT ({keys}) {action}";
    }
}
