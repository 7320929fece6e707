using Dapper;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using MisuseLab.Bots;
using MisuseLab.Proof.Tests.Support;
using MisuseLab.TestSupport;

namespace MisuseLab.Proof.Tests.Bots;

/// <summary>The bot runner over WebApplicationFactory's in-memory server (the handler overload the benchmark uses).</summary>
public sealed class InMemoryBotTests(SqliteEngine engine) : IClassFixture<SqliteEngine>
{
    [Theory]
    [InlineData(BotPolicy.Trusting, "7", "age")]
    [InlineData(BotPolicy.Sceptical, "1", "native-country")]
    public async Task Policies_decide_the_stored_answers(BotPolicy policy, string rating, string topFeature)
    {
        await using var database = await engine.CreateDatabaseAsync("inmemory");
        var study = await DemoStudy.LaunchAsync(database);
        await using var app = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Testing");
            b.UseSetting("MisuseLab:Demo", "false");
            b.UseSetting("MisuseLab:Database:Provider", database.Options.Provider);
            b.UseSetting("MisuseLab:Database:ConnectionString", database.Options.ConnectionString);
        });
        var report = await BotRunner.RunAsync(new BotOptions
        {
            BaseUrl = new Uri("http://localhost/"),
            StudySlug = DemoStudy.Slug,
            Participants = 4,
            Concurrency = 2,
            Policy = policy,
        }, app.Server.CreateHandler());

        await StoredResponses.AssertCompleteAndExactlyOnceAsync(database, study, report);
        Assert.True(report.Requests >= report.LatenciesMs.Count && report.LatenciesMs.Count > 4 * 10);
        await using var connection = await database.Connections.OpenAsync();
        var values = (await connection.QueryAsync<(string Item, string Value)>("SELECT item_id, value FROM answers")).ToList();
        Assert.All(values.Where(v => v.Item.StartsWith("rate-", StringComparison.Ordinal)), v => Assert.Equal(rating, v.Value));
        Assert.All(values.Where(v => v.Item == "top-feature"), v => Assert.Equal(topFeature, v.Value));
    }
}
