using System.Text.Json;
using Dapper;
using Microsoft.AspNetCore.Identity;
using MisuseLab.Storage;
using MisuseLab.Storage.Audit;
using MisuseLab.Storage.Connections;
using MisuseLab.Storage.Users;

namespace MisuseLab.Cli.Tests.Commands;

public sealed class StorageCommandsTests : IDisposable
{
    private const string Password = "correct horse battery";
    private readonly TempDatabase _db = new();

    private IDbConnectionFactory Connections => DbConnectionFactory.Create(new DatabaseOptions { ConnectionString = _db.Connection }, _db.Folder);

    [Fact]
    public async Task Users_add_creates_an_account_the_web_app_can_sign_in_and_audits_it()
    {
        var run = CliRun.Invoke("users", "add", "--email", "Fac@Example.org", "--password", Password, "--role", "facilitator", "--connection", _db.Connection);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Created facilitator account Fac@Example.org", run.Output);
        var account = await new UserRepository(Connections).FindByEmailAsync("fac@example.org");
        Assert.Equal(Roles.Facilitator, account!.Role);
        Assert.Equal(PasswordVerificationResult.Success, AccountPasswords.Verify(account.PasswordHash, Password));
        var entry = Assert.Single(await new AuditLog(Connections).ReadAsync());
        Assert.Equal("account.created", entry.Action);
        Assert.Equal($"user/{account.Id}", entry.Entity);
    }

    [Theory]
    [InlineData("short", "Use at least 10 characters")]
    [InlineData(null, "Give the password with --password-stdin")]
    public void Users_add_with_a_bad_password_fails_and_stores_nothing(string? password, string message)
    {
        var args = new List<string> { "users", "add", "--email", "p@example.org", "--connection", _db.Connection };
        if (password is not null)
        {
            args.AddRange(["--password", password]);
        }

        var run = CliRun.Invoke([.. args]);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains(message, run.Error);
        Assert.False(File.Exists(_db.File), "the database must not even be created");
    }

    [Fact]
    public async Task Users_add_twice_with_the_same_address_fails_the_second_time()
    {
        CliRun.Invoke("users", "add", "--email", "dup@example.org", "--password", Password, "--connection", _db.Connection);

        var second = CliRun.Invoke("users", "add", "--email", "DUP@example.org", "--password", Password, "--role", "admin", "--connection", _db.Connection);

        Assert.Equal(1, second.ExitCode);
        Assert.Contains("already exists", second.Error);
        Assert.Equal(Roles.Participant, Assert.Single(await new UserRepository(Connections).ListAsync()).Role);
    }

    [Fact]
    public async Task Users_unlock_ends_a_lockout()
    {
        CliRun.Invoke("users", "add", "--email", "locked@example.org", "--password", Password, "--connection", _db.Connection);
        var users = new UserRepository(Connections);
        var account = (await users.FindByEmailAsync("locked@example.org"))!;
        await users.SetLockoutAsync(account.Id, DateTimeOffset.UtcNow.AddMinutes(15));

        var run = CliRun.Invoke("users", "unlock", "--email", "locked@example.org", "--connection", _db.Connection);

        Assert.Equal(0, run.ExitCode);
        Assert.Null((await users.FindByIdAsync(account.Id))!.LockoutEnd);
    }

    [Fact]
    public async Task Audit_verify_says_ok_then_names_the_entry_altered_by_hand()
    {
        CliRun.Invoke("users", "add", "--email", "a@example.org", "--password", Password, "--connection", _db.Connection);
        CliRun.Invoke("users", "add", "--email", "b@example.org", "--password", Password, "--connection", _db.Connection);

        var ok = CliRun.Invoke("audit", "verify", "--connection", _db.Connection);
        await using (var connection = await Connections.OpenAsync())
        {
            await connection.ExecuteAsync("UPDATE audit_log SET payload_json = '{\"role\":\"admin\"}' WHERE seq = 2");
        }
        var broken = CliRun.Invoke("audit", "verify", "--json", "--connection", _db.Connection);

        Assert.Equal(0, ok.ExitCode);
        Assert.StartsWith("OK: 2 entries, chain intact.", ok.Output);
        Assert.Equal(1, broken.ExitCode);
        using var json = JsonDocument.Parse(broken.Output);
        Assert.False(json.RootElement.GetProperty("valid").GetBoolean());
        Assert.Equal(2, json.RootElement.GetProperty("brokenSeq").GetInt64());
        Assert.Equal(1, json.RootElement.GetProperty("entriesChecked").GetInt64());
        Assert.Contains("changed after it was written", json.RootElement.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Backup_writes_a_usable_copy_and_refuses_an_existing_file()
    {
        CliRun.Invoke("users", "add", "--email", "kept@example.org", "--password", Password, "--connection", _db.Connection);
        var target = Path.Combine(_db.Folder, "backups", "copy.db");

        var first = CliRun.Invoke("backup", "--out", target, "--connection", _db.Connection);
        var second = CliRun.Invoke("backup", "--out", target, "--connection", _db.Connection);

        Assert.Equal(0, first.ExitCode);
        Assert.Contains(target, first.Output);
        var copy = DbConnectionFactory.Create(new DatabaseOptions { ConnectionString = $"Data Source={target}" }, _db.Folder);
        Assert.NotNull(await new UserRepository(copy).FindByEmailAsync("kept@example.org"));
        Assert.Equal(1, second.ExitCode);
        Assert.Contains("already exists", second.Error);
    }

    [Fact]
    public void Backup_of_postgres_explains_pg_dump_instead()
    {
        var run = CliRun.Invoke("backup", "--out", Path.Combine(_db.Folder, "x.dump"), "--provider", "postgres",
            "--connection", "Host=127.0.0.1;Port=1;Database=lab;Username=lab;Password=secret-value");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("pg_dump --format=custom", run.Error);
        Assert.DoesNotContain("secret-value", run.Error + run.Output);
    }

    public void Dispose() => _db.Dispose();
}
