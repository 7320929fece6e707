using System.Data;
using System.Data.Common;
using System.Diagnostics.CodeAnalysis;
using MisuseLab.Storage.Connections;
using MisuseLab.Storage.Dialects;

namespace MisuseLab.Analysis.Tests.Dataset;

/// <summary>
/// The real connection factory, with every SQL command counted on its way to the database (each connection it opens
/// is wrapped, and every command that connection creates adds one to <see cref="Commands"/>).
/// </summary>
public sealed class CountingConnections(IDbConnectionFactory inner) : IDbConnectionFactory
{
    private int _commands;

    public int Commands => Volatile.Read(ref _commands);

    public ISqlDialect Dialect => inner.Dialect;

    public string ConnectionString => inner.ConnectionString;

    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken = default) => new Counted(await inner.OpenAsync(cancellationToken), this);

    public async Task<DbConnection> OpenForWriteAsync(CancellationToken cancellationToken = default) => new Counted(await inner.OpenForWriteAsync(cancellationToken), this);

    public DbConnection Open() => new Counted(inner.Open(), this);

    private sealed class Counted(DbConnection inner, CountingConnections owner) : DbConnection
    {
        [AllowNull]
        public override string ConnectionString { get => inner.ConnectionString; set => inner.ConnectionString = value; }
        public override string Database => inner.Database;
        public override string DataSource => inner.DataSource;
        public override string ServerVersion => inner.ServerVersion;
        public override ConnectionState State => inner.State;

        public override void ChangeDatabase(string databaseName) => inner.ChangeDatabase(databaseName);
        public override void Close() => inner.Close();
        public override void Open() => inner.Open();
        protected override DbTransaction BeginDbTransaction(IsolationLevel isolationLevel) => inner.BeginTransaction(isolationLevel);

        protected override DbCommand CreateDbCommand()
        {
            Interlocked.Increment(ref owner._commands);
            return inner.CreateCommand();
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) inner.Dispose();
            base.Dispose(disposing);
        }

        public override async ValueTask DisposeAsync()
        {
            await inner.DisposeAsync();
            await base.DisposeAsync();
        }
    }
}
