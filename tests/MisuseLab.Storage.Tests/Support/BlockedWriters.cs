using System.Globalization;
using MisuseLab.Storage.Connections;
using MisuseLab.Storage.Dialects;

namespace MisuseLab.TestSupport;

/// <summary>
/// For tests that hold a write lock and assert that other writes wait for it: waits until the database itself shows
/// that many writers blocked, so "B is still running" is asserted after B has been seen waiting on the lock, not
/// after a sleep that may have ended before B got there.
/// </summary>
public static class BlockedWriters
{
    /// <summary>Longer than any write's way to its lock on a loaded machine, shorter than the write gate's 30 s timeout.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    /// <summary>
    /// SQLite: writers of this process queued at the database's <c>WriteGate</c> (the test must hold it, i.e. have
    /// opened its connection with <see cref="IDbConnectionFactory.OpenForWriteAsync"/>). PostgreSQL: backends of this
    /// database whose wait event is a heavyweight lock (row, tuple or transaction id) in <c>pg_stat_activity</c>.
    /// </summary>
    public static Task WaitForAsync(IDbConnectionFactory connections, int count)
    {
        ArgumentNullException.ThrowIfNull(connections);
        if (connections.Dialect is SqliteDialect)
        {
            var gate = WriteGate.For(connections.ConnectionString);
            return Eventually.UntilAsync(
                () => Task.FromResult((gate.Entering >= count, string.Create(CultureInfo.InvariantCulture, $"{gate.Entering} writer(s) queued at the write gate"))),
                Timeout, $"{count} writer(s) queued at the SQLite write gate behind the test's write");
        }
        return Eventually.UntilAsync(async () =>
        {
            await using var connection = await connections.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT count(*) FROM pg_stat_activity " +
                "WHERE datname = current_database() AND pid <> pg_backend_pid() AND wait_event_type = 'Lock'";
            var waiting = Convert.ToInt32(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
            return (waiting >= count, $"{waiting} backend(s) waiting on a lock");
        }, Timeout, $"{count} PostgreSQL backend(s) waiting on the lock the test holds");
    }
}
