using Microsoft.Extensions.DependencyInjection;
using MisuseLab.Storage.Users;
using MisuseLab.TestSupport;

namespace MisuseLab.Web.Tests.Infrastructure;

/// <summary>One app and one migrated SQLite database per test class; tests keep apart by using their own e-mail addresses.</summary>
public sealed class WebAppFixture : IAsyncLifetime
{
    private readonly SqliteEngine _engine = new();
    private TestDatabase? _database;

    public MisuseLabWebFactory Factory { get; private set; } = null!;
    public TestDatabase Database => _database!;

    public async Task InitializeAsync()
    {
        _database = await _engine.CreateDatabaseAsync("web");
        Factory = new MisuseLabWebFactory(_database.Options);
        _ = Factory.Server; // starts the host now, which runs the migrations
    }

    public UserRepository Users => Factory.Services.GetRequiredService<UserRepository>();

    /// <summary>An account made directly (as <c>misuselab users add</c> would), for roles registration cannot give.</summary>
    public Task<UserAccount> CreateAccountAsync(string email, string password, string role) =>
        Users.AddAsync(email, AccountPasswords.Hash(password), role, DateTimeOffset.UtcNow);

    public async Task DisposeAsync()
    {
        await Factory.DisposeAsync();
        await Database.DisposeAsync();
        _engine.Dispose();
    }
}
