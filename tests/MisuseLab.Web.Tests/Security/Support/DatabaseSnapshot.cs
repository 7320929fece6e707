using System.Data.Common;
using System.Globalization;
using System.Text;
using Dapper;
using MisuseLab.Storage.Connections;

namespace MisuseLab.Web.Tests.Security.Support;

/// <summary>
/// Every row of every table of a SQLite database, as text, so a test can prove that a refused request changed
/// nothing at all — not just the table it expected the request to touch.
/// </summary>
public sealed class DatabaseSnapshot
{
    private readonly SortedDictionary<string, List<string>> _tables;

    private DatabaseSnapshot(SortedDictionary<string, List<string>> tables) => _tables = tables;

    public static async Task<DatabaseSnapshot> TakeAsync(IDbConnectionFactory connections)
    {
        if (connections.Dialect.Name != "sqlite")
        {
            throw new InvalidOperationException($"DatabaseSnapshot reads sqlite_master; this database is {connections.Dialect.Name}.");
        }
        await using var connection = await connections.OpenAsync();
        var names = await connection.QueryAsync<string>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name");
        var tables = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT * FROM \"{name}\"";
            await using var reader = await command.ExecuteReaderAsync();
            var rows = new List<string>();
            while (await reader.ReadAsync())
            {
                rows.Add(Row(reader));
            }
            rows.Sort(StringComparer.Ordinal);
            tables[name] = rows;
        }
        return new DatabaseSnapshot(tables);
    }

    /// <summary>Empty when equal; otherwise one line per table that differs, with a row that was added or removed.</summary>
    public string DifferencesFrom(DatabaseSnapshot before)
    {
        var report = new StringBuilder();
        foreach (var table in before._tables.Keys.Union(_tables.Keys).Order(StringComparer.Ordinal))
        {
            var old = before._tables.GetValueOrDefault(table) ?? [];
            var now = _tables.GetValueOrDefault(table) ?? [];
            if (old.SequenceEqual(now, StringComparer.Ordinal)) continue;
            var added = now.Except(old, StringComparer.Ordinal).ToList();
            var removed = old.Except(now, StringComparer.Ordinal).ToList();
            report.Append(CultureInfo.InvariantCulture, $"{table}: {old.Count} → {now.Count} rows");
            if (added.Count > 0) report.Append(CultureInfo.InvariantCulture, $"; added e.g. {Shorten(added[0])}");
            if (removed.Count > 0) report.Append(CultureInfo.InvariantCulture, $"; removed/changed e.g. {Shorten(removed[0])}");
            report.AppendLine();
        }
        return report.ToString();
    }

    private static string Row(DbDataReader reader)
    {
        var cells = new string[reader.FieldCount];
        for (var i = 0; i < cells.Length; i++)
        {
            cells[i] = reader.IsDBNull(i) ? "NULL" : Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture) ?? "";
        }
        return string.Join(" | ", cells);
    }

    private static string Shorten(string row) => row.Length <= 200 ? row : row[..200] + "…";
}
