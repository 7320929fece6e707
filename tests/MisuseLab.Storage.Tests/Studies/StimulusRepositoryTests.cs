using MisuseLab.Storage.Studies;
using MisuseLab.Study.Stimuli;
using MisuseLab.TestSupport;

namespace MisuseLab.Storage.Tests.Studies;

public abstract class StimulusRepositoryTests<TEngine>(TEngine engine) : DatabaseTest<TEngine>(engine)
    where TEngine : class, ITestDatabaseEngine
{
    private StimulusRepository Stimuli => new(Connections);

    [Fact]
    public async Task Stored_stimuli_are_found_by_cell_page_and_trial_and_reopen_byte_identical()
    {
        var version = await StudySeed.LaunchedVersionAsync(Connections);
        var global = StimulusEntry.From("cell-a", "global", null, StudySeed.GlobalStimulus("cell-a", "global", 0.9));
        var otherCell = StimulusEntry.From("cell-b", "global", null, StudySeed.GlobalStimulus("cell-b", "global", 0.1));
        var trial = StimulusEntry.From("cell-a", "simulate", "trial-01", StudySeed.LocalStimulus("cell-a", "simulate"));

        await Stimuli.StoreAsync(version.Id, [global, otherCell, trial]);

        var found = await Stimuli.FindAsync(version.Id, "cell-a", "global");
        Assert.Equal(global.Sha256, found!.Sha256);
        Assert.Equal(global.CanonicalJson, found.CanonicalJson);
        Assert.Equal(otherCell.Sha256, (await Stimuli.FindAsync(version.Id, "cell-b", "global"))!.Sha256);
        Assert.Equal(trial.Sha256, (await Stimuli.FindAsync(version.Id, "cell-a", "simulate", "trial-01"))!.Sha256);
        Assert.Null(await Stimuli.FindAsync(version.Id, "cell-a", "simulate")); // the page itself has no content
        Assert.Null(await Stimuli.FindAsync(version.Id, "cell-a", "ratings"));
        Assert.Equal(3, await Stimuli.CountAsync(version.Id));

        var reopened = StimulusSerializer.Deserialize((await Stimuli.GetAsync(trial.Sha256))!.CanonicalJson);
        Assert.Equal(trial.Sha256, StimulusSerializer.Hash(reopened));
    }

    [Fact]
    public async Task Storing_again_is_idempotent_and_a_frozen_placement_cannot_be_replaced()
    {
        var version = await StudySeed.LaunchedVersionAsync(Connections);
        var original = StimulusEntry.From("cell-a", "global", null, StudySeed.GlobalStimulus("cell-a", "global", 0.9));
        await Stimuli.StoreAsync(version.Id, [original]);
        await Stimuli.StoreAsync(version.Id, [original]);

        var changed = StimulusEntry.From("cell-a", "global", null, StudySeed.GlobalStimulus("cell-a", "global", 0.8));
        var extra = StimulusEntry.From("cell-b", "global", null, StudySeed.GlobalStimulus("cell-b", "global", 0.1));
        var error = await Assert.ThrowsAsync<StorageException>(() => Stimuli.StoreAsync(version.Id, [extra, changed]));

        Assert.Contains("frozen", error.Message);
        Assert.Equal(original.Sha256, (await Stimuli.FindAsync(version.Id, "cell-a", "global"))!.Sha256);
        Assert.Null(await Stimuli.FindAsync(version.Id, "cell-b", "global")); // the whole batch rolled back
        Assert.Null(await Stimuli.GetAsync(changed.Sha256));
    }

    [Fact]
    public async Task A_hash_that_does_not_match_its_json_is_refused_before_anything_is_written()
    {
        var version = await StudySeed.LaunchedVersionAsync(Connections);
        var entry = StimulusEntry.From("cell-a", "global", null, StudySeed.GlobalStimulus("cell-a", "global", 0.9));
        var forged = entry with { CanonicalJson = entry.CanonicalJson.Replace("0.9", "0.95", StringComparison.Ordinal) };

        var error = await Assert.ThrowsAsync<StorageException>(() => Stimuli.StoreAsync(version.Id, [forged]));

        Assert.Contains(entry.Sha256, error.Message);
        Assert.Equal(0, await Stimuli.CountAsync(version.Id));
    }

    [Fact]
    public async Task The_same_stimulus_in_two_versions_is_stored_once_and_placed_in_both()
    {
        var v1 = await StudySeed.LaunchedVersionAsync(Connections, hash: "h1");
        var v2 = await StudySeed.LaunchedVersionAsync(Connections, hash: "h2");
        var entry = StimulusEntry.From("cell-a", "global", null, StudySeed.GlobalStimulus("cell-a", "global", 0.9));

        await Stimuli.StoreAsync(v1.Id, [entry]);
        await Stimuli.StoreAsync(v2.Id, [entry]);

        Assert.Equal(entry.Sha256, (await Stimuli.FindAsync(v1.Id, "cell-a", "global"))!.Sha256);
        Assert.Equal(entry.Sha256, (await Stimuli.FindAsync(v2.Id, "cell-a", "global"))!.Sha256);
    }
}

public sealed class StimulusRepositorySqliteTests(SqliteEngine e) : StimulusRepositoryTests<SqliteEngine>(e);
public sealed class StimulusRepositoryPostgresTests(PostgresEngine e) : StimulusRepositoryTests<PostgresEngine>(e);
