using MisuseLab.Study.Definitions;
using MisuseLab.Study.Pipeline;
using MisuseLab.Study.Remedies;
using MisuseLab.Study.Tests.Adult;
using MisuseLab.Study.Tests.Pipeline;

namespace MisuseLab.Study.Tests.Remedies;

/// <summary>
/// The acceptance of issue 17 on studies/kaur2020-utility.json, on the GBDT of the shap cells: every combination
/// of the menu is trained once (2^5 models) and shared by the tests.
/// </summary>
public sealed class Kaur2020UtilityTests
{
    private const string Cell = "shap-real";

    private static readonly Lazy<StudyDefinition> Definition = new(() => StudyDefinitionLoader.Load(BuiltStudies.StudyFile("kaur2020-utility.json")));
    private static readonly Lazy<StudyData> Data = new(() => StudyData.Prepare(Definition.Value.Data, AdultDataFixture.Directory));
    private static readonly Lazy<RemedyScorer> Scorer = new(() => NewScorer(Data.Value));
    private static readonly Lazy<RemedyTable> Table = new(() => RemedyTable.Compute(Scorer.Value));

    private static RemedyScorer NewScorer(StudyData data) =>
        new(data, Definition.Value.Model(Definition.Value.Cell(Cell).Model), Definition.Value.RemedyMenu());

    private static RemedyMenu Menu => Table.Value.Menu;

    private static IReadOnlyList<RemedyOption> OracleChoice => RemedyPolicies.Oracle(Menu, Definition.Value.Data.Defects.Select(d => d.Name));

    [Fact]
    public void The_oracle_choice_is_the_best_on_the_menu_and_gains_at_least_half_a_point_of_auc()
    {
        var oracle = Table.Value.Score(Menu.MaskOf(OracleChoice));
        Assert.Equal(Menu.Options.Where(o => !o.IsDecoy).Select(o => o.Id), oracle.Choices);
        Assert.True(oracle.AucGain >= 0.005, $"Expected every real fix together to raise clean-test AUC by ≥ 0.005; found {oracle.AucGain:F4}.");
        // Brute force over every other choice the menu allows.
        for (var mask = 0; mask < Table.Value.Scores.Count; mask++)
        {
            var other = Table.Value.Score(mask);
            Assert.True(other.Auc <= oracle.Auc, $"Choice [{string.Join(", ", other.Choices)}] scores AUC {other.Auc:F5}, above the oracle's {oracle.Auc:F5}.");
        }
    }

    [Fact]
    public void A_random_choice_gains_less_than_the_oracle_on_average_over_seeds()
    {
        var oracle = Table.Value.Score(Menu.MaskOf(OracleChoice)).AucGain;
        var gains = Enumerable.Range(0, 200).Select(seed => Table.Value.Score(Menu.MaskOf(RemedyPolicies.Random(Menu, new Random(seed)))).AucGain).ToList();
        Assert.True(gains.Average() < oracle, $"Expected the random policy's mean gain below the oracle's {oracle:F4}; found {gains.Average():F4}.");
        Assert.Contains(gains, g => g < oracle);
    }

    [Fact]
    public void Decoys_alone_score_no_better_than_no_fix()
    {
        var decoys = Menu.Options.Select((o, i) => (o, i)).Where(p => p.o.IsDecoy).Select(p => 1 << p.i).ToList();
        Assert.NotEmpty(decoys);
        var unfixed = Table.Value.Score(0);
        Assert.Empty(unfixed.Choices);
        for (var subset = 1; subset < 1 << decoys.Count; subset++)
        {
            var mask = decoys.Where((_, i) => (subset >> i & 1) == 1).Sum();
            var score = Table.Value.Score(mask);
            Assert.True(score.Auc <= unfixed.Auc, $"Decoys [{string.Join(", ", score.Choices)}] score AUC {score.Auc:F5}, above no fix ({unfixed.Auc:F5}).");
        }
    }

    [Fact]
    public void The_same_choice_gives_byte_identical_scores_from_a_fresh_launch()
    {
        var again = NewScorer(StudyData.Prepare(Definition.Value.Data, AdultDataFixture.Directory)).Score(OracleChoice);
        Assert.Equal(Table.Value.Score(Menu.MaskOf(OracleChoice)).ToJsonBytes(), again.ToJsonBytes());
        Assert.Equal(Scorer.Value.Unfixed.ModelSha256, Table.Value.Score(0).ModelSha256);
    }

    [Fact]
    public void A_locate_answer_naming_age_and_38_detects_mean_imputed_age_and_race_alone_detects_nothing()
    {
        var run = Data.Value.Run;
        var age = LocateScoring.Score(run, new LocateAnswer([new LocateMark("age", "38")], null));
        Assert.Equal(["mean-imputed-age"], age.Defects.Where(d => d.Detected).Select(d => d.Defect));
        Assert.Equal(1.0, age.Precision);
        Assert.Equal(1.0 / run.Steps.Count, age.Recall);

        var race = LocateScoring.Score(run, new LocateAnswer([new LocateMark("race")], "race looks odd"));
        Assert.DoesNotContain(race.Defects, d => d.Detected);
        Assert.Equal(0.0, race.Precision);
        Assert.Equal(0.0, race.Recall);

        var everything = LocateScoring.Score(run, new LocateAnswer(
            [new LocateMark("age", "38"), new LocateMark("capital-gain"), new LocateMark("hours-per-week"), new LocateMark("race")], null));
        Assert.All(everything.Defects, d => Assert.True(d.Detected, d.SpecPath));
        Assert.Equal(3.0 / 4, everything.Precision);
        Assert.Equal(1.0, everything.Recall);
    }

    [Fact]
    public void Age_without_the_imputed_value_is_a_guess_not_a_finding()
    {
        var score = LocateScoring.Score(Data.Value.Run, new LocateAnswer([new LocateMark("age"), new LocateMark("age", "52")], null));
        Assert.DoesNotContain(score.Defects, d => d.Detected);
    }
}
