using Microsoft.AspNetCore.Hosting;
using MisuseLab.TestSupport;

namespace MisuseLab.Web.Tests.Support;

/// <summary>
/// <see cref="StudyAppFixture"/> on PostgreSQL: a fresh database of the test cluster (a missing server fails the tests
/// with the reason), kaur2020 launched once. For the acceptance tests that must hold on both engines.
/// </summary>
public sealed class PostgresStudyAppFixture : StudyAppFixture
{
    private TestDatabase? _database;

    protected override bool LaunchesEveryStudy => false;

    protected override async Task PrepareDatabaseAsync() => _database = await new PostgresEngine().CreateDatabaseAsync("web_study");

    protected override void UseDatabase(IWebHostBuilder builder)
    {
        var options = (_database ?? throw new InvalidOperationException("The database is made before the host starts.")).Options;
        builder.UseSetting("MisuseLab:Database:Provider", options.Provider);
        builder.UseSetting("MisuseLab:Database:ConnectionString", options.ConnectionString);
    }

    protected override async Task DropDatabaseAsync()
    {
        if (_database is not null) await _database.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class PostgresStudyCollection : ICollectionFixture<PostgresStudyAppFixture>
{
    public const string Name = "study-postgres";
}
