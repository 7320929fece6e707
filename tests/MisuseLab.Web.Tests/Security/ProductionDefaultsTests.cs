using Dapper;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using MisuseLab.Storage.Connections;
using MisuseLab.Web.Studies;

namespace MisuseLab.Web.Tests.Security;

/// <summary>
/// A deployment started in Production with no MisuseLab settings but its database creates no demo account, launches
/// nothing and prints no password: demo mode is on only in Development (appsettings.Development.json) or when set.
/// </summary>
public sealed class ProductionDefaultsTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("misuselab-production-").FullName;

    [Fact]
    public async Task Production_without_settings_creates_no_account_launches_nothing_and_prints_no_password()
    {
        await using var app = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment(Environments.Production);
            b.UseSetting("MisuseLab:Database:ConnectionString", $"Data Source={Path.Combine(_folder, "prod.db")}");
            // The one setting Production cannot start without (see the next test).
            b.UseSetting("MisuseLab:Audit:Keys:prod1", Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)));
        });
        var output = new StringWriter();
        var console = Console.Out;
        Console.SetOut(TextWriter.Synchronized(output));
        try
        {
            using var client = app.CreateClient();
            Assert.Equal(System.Net.HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
            // The seeder is the only thing that creates demo accounts; wait for it to have run to the end.
            var seeder = app.Services.GetServices<IHostedService>().OfType<DemoSeeder>().Single();
            await seeder.ExecuteTask!.WaitAsync(TimeSpan.FromMinutes(1));
        }
        finally
        {
            Console.SetOut(console);
        }

        await using var connection = await app.Services.GetRequiredService<IDbConnectionFactory>().OpenAsync();
        Assert.Equal(0, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM users"));
        Assert.Equal(0, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM studies"));
        // Migration file names are logged at start-up (0018_password_resets.sql among them): names, not secrets.
        var printed = System.Text.RegularExpressions.Regex.Replace(output.ToString(), @"\b\d{4}_[a-z0-9_]+\.sql\b", "");
        Assert.DoesNotContain("password", printed, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("demo accounts", printed, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("/join/", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Production_without_an_audit_key_does_not_start_and_says_which_setting_is_missing()
    {
        using var app = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment(Environments.Production);
            b.UseSetting("MisuseLab:Database:ConnectionString", $"Data Source={Path.Combine(_folder, "nokey.db")}");
        });

        var error = Assert.Throws<MisuseLab.Storage.Audit.AuditKeyException>(() => app.Services);

        Assert.Contains("MisuseLab__Audit__Keys__", error.Message);
        Assert.Contains("Production", error.Message);
        Assert.False(File.Exists(Path.Combine(_folder, "nokey.db")), "nothing may run before the key is checked");
    }

    [Fact]
    public async Task Production_with_an_audit_key_file_hashes_entries_under_its_key()
    {
        var file = Path.Combine(_folder, "audit.keys");
        var key = System.Security.Cryptography.RandomNumberGenerator.GetBytes(32);
        await File.WriteAllTextAsync(file, $"# retired\nold1={Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32))}\nk2026={Convert.ToBase64String(key)}\n");
        await using var app = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment(Environments.Production);
            b.UseSetting("MisuseLab:Database:ConnectionString", $"Data Source={Path.Combine(_folder, "keyfile.db")}");
            b.UseSetting("MisuseLab:Audit:KeyFile", file);
        });
        using var client = app.CreateClient();
        Assert.Equal(System.Net.HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);

        var entry = await app.Services.GetRequiredService<MisuseLab.Storage.Audit.AuditLog>()
            .AppendAsync(MisuseLab.Storage.Audit.AuditActor.System("tests"), "test.keyed", "x", "{}");

        Assert.Equal("k2026", entry.KeyId);
        Assert.Equal(MisuseLab.Storage.Audit.AuditHash.Compute(entry, key), entry.Hash);
    }

    [Fact]
    public void Development_settings_turn_demo_mode_on_and_the_shared_settings_leave_it_off()
    {
        var web = Path.Combine(Path.GetDirectoryName(StudyFilesRoot())!, "src", "MisuseLab.Web");
        using var shared = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(web, "appsettings.json")));
        using var development = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(web, "appsettings.Development.json")));
        Assert.False(shared.RootElement.GetProperty("MisuseLab").TryGetProperty("Demo", out _));
        Assert.True(development.RootElement.GetProperty("MisuseLab").GetProperty("Demo").GetBoolean());
        Assert.False(new MisuseLab.Platform.MisuseLabOptions().Demo);
    }

    private static string StudyFilesRoot() =>
        MisuseLab.Study.Definitions.StudyFiles.FindStudiesDirectory(AppContext.BaseDirectory) ?? throw new InvalidOperationException("studies/ not found");

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}
