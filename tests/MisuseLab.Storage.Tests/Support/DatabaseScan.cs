using Dapper;
using MisuseLab.Storage;
using MisuseLab.Storage.Connections;

namespace MisuseLab.TestSupport;

/// <summary>
/// Looks through every column of every table of a database — found in the engine's own catalogue, not in a list the
/// code under test keeps — for a value, so a test of deletion also covers tables added after it was written.
/// </summary>
public static class DatabaseScan
{
    /// <summary>Every (table, column) of the database, from sqlite_master or information_schema.</summary>
    public static async Task<IReadOnlyList<(string Table, string Column)>> ColumnsAsync(IDbConnectionFactory connections)
    {
        await using var connection = await connections.OpenAsync();
        var sql = connections.Dialect.Name == DatabaseOptions.Sqlite
            ? "SELECT m.name AS TableName, p.name AS ColumnName FROM sqlite_master m JOIN pragma_table_info(m.name) p WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'"
            : "SELECT table_name AS TableName, column_name AS ColumnName FROM information_schema.columns WHERE table_schema = current_schema()";
        var rows = await connection.QueryAsync<(string TableName, string ColumnName)>(sql);
        return rows.Select(r => (r.TableName, r.ColumnName)).ToList();
    }

    /// <summary>The tables in which some column's text contains <paramref name="needle"/> (case-sensitive).</summary>
    public static async Task<IReadOnlySet<string>> TablesContainingAsync(IDbConnectionFactory connections, string needle)
    {
        var found = new SortedSet<string>(StringComparer.Ordinal);
        var find = connections.Dialect.Name == DatabaseOptions.Sqlite ? "instr" : "strpos";
        await using var connection = await connections.OpenAsync();
        foreach (var (table, column) in await ColumnsAsync(connections))
        {
            var hits = await connection.ExecuteScalarAsync<long>(
                $"SELECT COUNT(*) FROM \"{table}\" WHERE {find}(CAST(\"{column}\" AS TEXT), @Needle) > 0", new { Needle = needle });
            if (hits > 0) found.Add(table);
        }
        return found;
    }

    /// <summary>(table, column) pairs whose column is <paramref name="columns"/> and holds <paramref name="id"/>.</summary>
    public static async Task<IReadOnlyList<string>> ReferencesAsync(IDbConnectionFactory connections, long id, params string[] columns)
    {
        var found = new List<string>();
        await using var connection = await connections.OpenAsync();
        foreach (var (table, column) in await ColumnsAsync(connections))
        {
            if (!columns.Contains(column, StringComparer.Ordinal)) continue;
            if (await connection.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM \"{table}\" WHERE \"{column}\" = @Id", new { Id = id }) > 0)
            {
                found.Add($"{table}.{column}");
            }
        }
        return found;
    }
}
