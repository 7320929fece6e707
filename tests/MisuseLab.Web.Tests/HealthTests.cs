using System.Net;
using MisuseLab.TestSupport;
using MisuseLab.Web.Tests.Infrastructure;

namespace MisuseLab.Web.Tests;

public sealed class HealthTests(WebAppFixture app) : IClassFixture<WebAppFixture>
{
    [Fact]
    public async Task Healthz_answers_200_when_the_database_is_migrated_and_reachable()
    {
        using var session = app.Factory.NewSession();

        var response = await session.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }
}

/// <summary>The whole app on PostgreSQL: start-up migrations and the database health check against a real server.</summary>
public sealed class PostgresHealthTests(PostgresEngine engine) : IClassFixture<PostgresEngine>
{
    [Fact]
    public async Task Healthz_answers_200_and_accounts_work_on_postgres()
    {
        await using var database = await engine.CreateDatabaseAsync("web_pg");
        await using var factory = new MisuseLabWebFactory(database.Options);
        using var session = factory.NewSession();

        var health = await session.GetAsync("/healthz");
        var register = await session.RegisterAsync("pg.user@example.org", "correct horse battery");

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, register.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await session.LoginAsync("pg.user@example.org", "correct horse battery")).StatusCode);
        Assert.Contains("Signed in as <strong>p•••@example.org</strong>", WebUtility.HtmlDecode(await session.GetPageAsync("/")));
    }
}

public sealed class UnreachableDatabaseTests
{
    [Fact]
    public async Task App_refuses_to_start_when_the_database_cannot_be_reached()
    {
        var options = new MisuseLab.Storage.DatabaseOptions
        {
            Provider = "postgres",
            ConnectionString = "Host=127.0.0.1;Port=1;Username=nobody;Database=none;Timeout=2",
        };
        await using var factory = new MisuseLabWebFactory(options);

        var error = Assert.ThrowsAny<Exception>(() => factory.CreateClient());

        Assert.Contains("Failed to connect to 127.0.0.1:1", error.ToString());
    }
}

public sealed class InvalidDatabaseSettingsTests
{
    [Fact]
    public async Task App_refuses_to_start_naming_the_bad_setting()
    {
        await using var factory = new MisuseLabWebFactory(new MisuseLab.Storage.DatabaseOptions { Provider = "oracle" });

        var error = Assert.ThrowsAny<Exception>(() => factory.CreateClient());

        Assert.Contains("MisuseLab:Database:Provider: expected 'sqlite' or 'postgres', found 'oracle'", error.ToString());
    }
}
