using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using MisuseLab.Platform.Launch;
using MisuseLab.Storage.Audit;
using MisuseLab.Storage.Participants;
using MisuseLab.Storage.Studies;
using MisuseLab.Study.Assignment;
using MisuseLab.Study.Definitions;
using MisuseLab.Web.Tests.Support;

namespace MisuseLab.Web.Tests.Participant;

/// <summary>
/// Assignment through the real join pages follows the study's own design: kaur2020's cells in permuted blocks of its
/// block_size, seeded by its assignment seed. The expected sequence comes from <see cref="PermutedBlockSchedule"/>
/// over <see cref="StudyAssignment.Design"/>, computed here without the web app.
/// </summary>
[Collection(StudyCollection.Name)]
public sealed class BlockAssignmentTests(StudyAppFixture app)
{
    private const int Arrivals = 16;

    [Fact]
    public async Task Sixteen_arrivals_in_kaur2020_get_the_cells_its_block_size_and_seed_prescribe_and_block_size_4_changes_them()
    {
        var eight = await LaunchVariantAsync("kaur2020-blocks8", blockSize: 8);
        var four = await LaunchVariantAsync("kaur2020-blocks4", blockSize: 4);

        var byEight = await EnrolAsync(eight);
        var byFour = await EnrolAsync(four);

        Assert.Equal(Expected(eight), byEight);
        Assert.Equal(Expected(four), byFour);
        // The same cells, seed and arrivals: only block_size differs, and it changes who goes where.
        Assert.NotEqual(byEight, byFour);
        // Blocks of 8 over four equally weighted cells: after 8 and after 16 arrivals every cell has exactly 2 and 4.
        Assert.All(byEight.Take(8).GroupBy(c => c), g => Assert.Equal(2, g.Count()));
        Assert.All(byEight.GroupBy(c => c), g => Assert.Equal(4, g.Count()));
    }

    private static List<string> Expected((StudyVersionRecord Version, StudyDefinition Definition) study)
    {
        var design = StudyAssignment.Design(study.Definition);
        Assert.Equal(study.Definition.Assignment.BlockSize, design.BlockSize);
        return [.. Enumerable.Range(0, Arrivals).Select(slot => PermutedBlockSchedule.ConditionAt(design, slot))];
    }

    /// <summary>kaur2020.json under another id (so its slots start empty) with <paramref name="blockSize"/>, launched.</summary>
    private async Task<(StudyVersionRecord, StudyDefinition)> LaunchVariantAsync(string slug, int blockSize)
    {
        var source = Path.Combine(StudyFiles.FindStudiesDirectory(AppContext.BaseDirectory)!, StudyAppFixture.Slug + ".json");
        var root = JsonNode.Parse(await File.ReadAllTextAsync(source))!.AsObject();
        root["id"] = slug;
        root["assignment"]!["block_size"] = blockSize;
        var path = Path.Combine(Directory.CreateTempSubdirectory("misuselab-blocks-").FullName, slug + ".json");
        await File.WriteAllTextAsync(path, root.ToJsonString());
        var version = await app.Services.GetRequiredService<StudyLaunch>().LaunchFileAsync(path, AuditActor.System("tests"), CancellationToken.None);
        return (version, StudyDefinitionLoader.Load(path));
    }

    /// <summary>Participants who join one after another through /join with their own invitation; their cells in arrival order.</summary>
    private async Task<List<string>> EnrolAsync((StudyVersionRecord Version, StudyDefinition Definition) study)
    {
        var slug = study.Version.Slug;
        var cells = new List<string>();
        for (var i = 0; i < Arrivals; i++)
        {
            var code = $"B{i}-{ParticipantRepository.NewCode(8)}";
            await app.Participants.AddInviteCodesAsync(study.Version.StudyId, [code], DateTimeOffset.UtcNow);
            var client = app.NewClient();
            var consent = await client.RegisterThroughJoinAsync("?code=" + code, slug);
            var agreed = await client.PostFormAsync($"/join/{slug}", [new("decision", "agree"), new("code", code)], ParticipantClient.TokenOf(consent));
            Assert.Equal($"/study/{slug}", agreed.Location);
            cells.Add((await client.MeAsync(study.Version.StudyId)).CellId);
        }
        return cells;
    }
}
