using MisuseLab.Storage.Studies;
using MisuseLab.TestSupport;

namespace MisuseLab.Storage.Tests.Studies;

public abstract class RemedyScoreRepositoryTests<TEngine>(TEngine engine) : DatabaseTest<TEngine>(engine)
    where TEngine : class, ITestDatabaseEngine
{
    private RemedyScoreRepository Scores => new(Connections);

    private static RemedyScoreEntry Entry(string model, int mask, double auc) =>
        RemedyScoreEntry.From(model, mask, mask == 0 ? [] : ["fix-a"], $"{{\"auc\":{auc.ToString(System.Globalization.CultureInfo.InvariantCulture)}}}");

    [Fact]
    public async Task Stored_scores_are_found_by_model_and_choice_and_come_back_byte_identical()
    {
        var version = await StudySeed.LaunchedVersionAsync(Connections);
        var entries = new[] { Entry("gbdt", 0, 0.91), Entry("gbdt", 1, 0.925), Entry("ebm", 1, 0.92) };
        await Scores.StoreAsync(version.Id, entries);
        await Scores.StoreAsync(version.Id, entries);

        var found = await Scores.FindAsync(version.Id, "gbdt", 1);
        Assert.Equal(entries[1], found);
        Assert.Null(await Scores.FindAsync(version.Id, "gbdt", 2));
        Assert.Equal(3, await Scores.CountAsync(version.Id));
        Assert.Equal(["ebm/1", "gbdt/0", "gbdt/1"], (await Scores.ListByVersionAsync(version.Id)).Select(e => $"{e.ModelId}/{e.ChoiceMask}"));
    }

    [Fact]
    public async Task A_different_score_for_a_stored_choice_is_refused_and_the_batch_rolls_back()
    {
        var version = await StudySeed.LaunchedVersionAsync(Connections);
        await Scores.StoreAsync(version.Id, [Entry("gbdt", 1, 0.925)]);

        var error = await Assert.ThrowsAsync<StorageException>(() => Scores.StoreAsync(version.Id, [Entry("gbdt", 2, 0.93), Entry("gbdt", 1, 0.926)]));
        Assert.Contains("refusing to replace", error.Message);
        Assert.Null(await Scores.FindAsync(version.Id, "gbdt", 2));
        var forged = Entry("gbdt", 3, 0.9) with { ScoreJson = "{\"auc\":0.99}" };
        Assert.Contains("hash of its JSON", (await Assert.ThrowsAsync<StorageException>(() => Scores.StoreAsync(version.Id, [forged]))).Message);
    }
}

public sealed class RemedyScoreRepositorySqliteTests(SqliteEngine e) : RemedyScoreRepositoryTests<SqliteEngine>(e);
public sealed class RemedyScoreRepositoryPostgresTests(PostgresEngine e) : RemedyScoreRepositoryTests<PostgresEngine>(e);
