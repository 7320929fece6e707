using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;

namespace MisuseLab.Storage.Connections;

/// <summary>
/// SQLite has one write lock per database file. Writers that meet it inside SQLite wait in its busy handler, which
/// sleeps on the thread: under a burst of participants that blocks thread-pool threads, starves every other request
/// and hands the lock out in no particular order (the first page-latency profile spent 39% of thread time there).
/// Writers of one process therefore queue here instead, asynchronously and first come first served, one per database
/// file; busy_timeout still arbitrates between processes (the CLI beside the web app).
/// </summary>
internal sealed class WriteGate
{
    private static readonly ConcurrentDictionary<string, WriteGate> ByDatabase = new(StringComparer.Ordinal);

    private readonly SemaphoreSlim _semaphore = new(1, 1);
    private readonly string _database;
    private int _entering;

    private WriteGate(string database) => _database = database;

    /// <summary>The gate shared by every connection factory of this process that opens <paramref name="database"/>.</summary>
    public static WriteGate For(string database) => ByDatabase.GetOrAdd(database, d => new WriteGate(d));

    /// <summary>
    /// Writers between asking for the gate and getting it. For tests: while a test holds the gate, this counts the
    /// writers it blocks, so the test can wait for a write to be seen waiting instead of sleeping and hoping.
    /// </summary>
    internal int Entering => Volatile.Read(ref _entering);

    public async Task<IDisposable> EnterAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _entering);
        bool entered;
        try
        {
            entered = await _semaphore.WaitAsync(timeout, cancellationToken);
        }
        finally
        {
            Interlocked.Decrement(ref _entering);
        }
        if (!entered)
        {
            throw new StorageException($"Waited {timeout.TotalSeconds:F0} s for the write lock of {_database}: another writer in this process holds it. " +
                "The database is overloaded, a write is stuck, or code opened a second write connection while holding one.");
        }
        return new Lease(this);
    }

    private sealed class Lease(WriteGate gate) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) != 0) return;
            gate._semaphore.Release();
        }
    }
}

/// <summary>
/// A SQLite connection that holds its database's <see cref="WriteGate"/> until it is disposed, so repositories write
/// through it exactly as through any other connection (dialect casts to <see cref="SqliteConnection"/> still hold).
/// </summary>
internal sealed class GatedSqliteConnection(string connectionString, IDisposable lease) : SqliteConnection(connectionString)
{
    protected override void Dispose(bool disposing)
    {
        try
        {
            base.Dispose(disposing);
        }
        finally
        {
            lease.Dispose();
        }
    }
}
