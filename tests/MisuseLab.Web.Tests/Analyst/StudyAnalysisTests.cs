using MisuseLab.Storage.Export;
using MisuseLab.Storage.Participants;
using MisuseLab.Storage.Studies;
using MisuseLab.Study.Analysis;
using MisuseLab.Study.Definitions;
using MisuseLab.Web.Areas.Analyst.Services;
using MisuseLab.Web.Areas.Participant.Services;

namespace MisuseLab.Web.Tests.Analyst;

/// <summary>The analysis of a 2×2 study (kaur2020's definition, hand-made ratings; no models trained).</summary>
public sealed class StudyAnalysisTests
{
    private static readonly DateTimeOffset Start = new(2026, 5, 4, 10, 0, 0, TimeSpan.Zero);

    private static StudyDataset Kaur2020(Func<int, string, int> rating, int perCell)
    {
        var path = Path.Combine(StudyFiles.FindStudiesDirectory(AppContext.BaseDirectory)!, "kaur2020.json");
        var json = File.ReadAllText(path);
        var definition = StudyDefinitionLoader.Load(path);
        var version = new StudyVersionRecord(1, 1, "kaur2020", definition.Version, StudyHash.Compute(json), json, StudyStatus.Open, Start, Start);
        var items = StudyDataset.ItemsOf(definition);
        var item = items.Single(i => i.ItemId == "rate-model-reasonable");
        var people = new List<DatasetParticipant>();
        var rows = new List<DatasetResponse>();
        var id = 0;
        foreach (var cell in definition.Conditions.Cells)
        {
            for (var k = 0; k < perCell; k++)
            {
                var record = new ParticipantRecord(++id, 1, 1, null, $"P-{id:D10}", cell.Id, id, ParticipantStatus.Completed, EntryKind.Invite, null, 11, Start, Start.AddMinutes(20), null);
                var person = new DatasetParticipant(record, cell.Levels, new Dictionary<string, string>());
                people.Add(person);
                rows.Add(new DatasetResponse(person, item, rating(k, cell.Id).ToString(System.Globalization.CultureInfo.InvariantCulture), null, null, null, Start, Start, 3, null));
            }
        }
        return new StudyDataset(version, definition, definition.Background, items, people, rows, [], [], false);
    }

    [Fact]
    public void A_2x2_design_reports_each_factors_main_effect_as_TwoByTwoMainEffects_computes_it()
    {
        static int Rating(int k, string cell) => 1 + (k * 3 + (cell.StartsWith("gam", StringComparison.Ordinal) ? 2 : 0) + (cell.EndsWith("inverted", StringComparison.Ordinal) ? 1 : 0)) % 7;
        var data = Kaur2020(Rating, perCell: 6);

        var report = StudyAnalysis.Analyze(data).Ratings.Single(r => r.Item.ItemId == "rate-model-reasonable");

        var observations = data.Responses.Select(r => new FactorialObservation(r.Participant.Levels["tool"], r.Participant.Levels["fidelity"], double.Parse(r.Value, System.Globalization.CultureInfo.InvariantCulture))).ToList();
        var expected = TwoByTwoMainEffects.Analyze(new TwoLevelFactor("tool", "gam", "shap"), new TwoLevelFactor("fidelity", "real", "inverted"), observations);
        Assert.Equal(["tool", "fidelity"], report.Comparisons.Select(c => c.Factor));
        Assert.Equal(expected.A.Test, report.Comparisons[0].Test);
        Assert.Equal(expected.B.Test, report.Comparisons[1].Test);
        Assert.Equal((12, 12), (report.Comparisons[0].A.N, report.Comparisons[0].B.N));
        Assert.Equal(["gam-real", "gam-inverted", "shap-real", "shap-inverted"], report.ByCell.Select(d => d.Group));
        foreach (var d in report.ByCell)
        {
            var values = data.Responses.Where(r => r.Participant.Cell == d.Group).Select(r => double.Parse(r.Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();
            Assert.Equal(Descriptives.Describe(d.Group, values), d);
        }
    }

    [Fact]
    public void A_level_without_ratings_gives_a_note_instead_of_a_test()
    {
        var data = Kaur2020((k, cell) => 4 + k % 3, perCell: 3);
        var onlyReal = data with { Responses = [.. data.Responses.Where(r => r.Participant.Levels["fidelity"] == "real")] };

        var report = StudyAnalysis.Analyze(onlyReal).Ratings.Single(r => r.Item.ItemId == "rate-model-reasonable");

        Assert.Empty(report.Comparisons);
        Assert.Contains(report.Notes, n => n.Contains("inverted", StringComparison.Ordinal));
        Assert.Equal([3, 0, 3, 0], report.ByCell.Select(d => d.N));
    }

    [Fact]
    public void The_exported_default_background_is_the_one_the_participant_pages_ask()
    {
        Assert.Equal(BackgroundQuestions.Defaults.Count, DefaultBackground.Questions.Count);
        for (var i = 0; i < DefaultBackground.Questions.Count; i++)
        {
            var (web, export) = (BackgroundQuestions.Defaults[i], DefaultBackground.Questions[i]);
            Assert.Equal((web.Id, web.Kind, web.Prompt, web.Required), (export.Id, export.Kind, export.Prompt, export.Required));
            Assert.Equal(web.Options, export.Options);
            Assert.Equal(web.Scale?.Anchors, export.Scale?.Anchors);
        }
    }
}
