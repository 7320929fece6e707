using MisuseLab.Study.Manipulations;
using MisuseLab.Study.Definitions;
using MisuseLab.Study.Explanations;
using MisuseLab.Study.Pipeline;

namespace MisuseLab.Study.Tests.Pipeline;

/// <summary>Issue 15's acceptance on the built kaur2020 study: one mapping per stimulus set, a strong manipulation, keys that exist.</summary>
public class ManipulationAcceptanceTests
{
    private static IEnumerable<(CellDefinition Real, CellDefinition Inverted)> Pairs(BuiltStudy built) =>
        built.Definition.Conditions.Cells.Where(c => c.Manipulation == "inverted")
            .Select(i => (built.Definition.Conditions.Cells.Single(r => r.Manipulation == "real" && r.Explainer == i.Explainer), i));

    /// <summary>π read off the pages alone: the real feature whose real importance the inverted page shows for f (importances are distinct among used features).</summary>
    private static Dictionary<string, string> MappingFromPages(GlobalPayload real, GlobalPayload shown) =>
        shown.Features.ToDictionary(f => f.Name, f => f.Importance == 0 ? f.Name : real.Features.Single(r => r.Importance == f.Importance).Name);

    [Fact]
    public void Inverted_local_pages_show_the_real_contribution_of_the_mapped_feature_for_the_same_person()
    {
        var built = BuiltStudies.Kaur2020;
        var checkedPages = 0;
        foreach (var (real, inverted) in Pairs(built))
        {
            var global = built.Definition.Pages.Single(p => p.Kind == PageKind.Global).Id;
            var realGlobal = (GlobalPayload)built.Find(real.Id, global)!.Payload;
            var pi = MappingFromPages(realGlobal, (GlobalPayload)built.Find(inverted.Id, global)!.Payload);
            Assert.Contains(pi, p => p.Key != p.Value);
            // The pages' π is the cell's one mapping, the validity check's reverse rank of the real global view.
            var mapping = FeatureMapping.ReverseRank(realGlobal);
            Assert.All(pi, p => Assert.Equal(mapping.SourceOf(p.Key), p.Value));
            foreach (var page in built.Definition.Pages.Where(p => p.Kind == PageKind.Local))
            {
                var r = (LocalPayload)built.Find(real.Id, page.Id)!.Payload;
                var i = (LocalPayload)built.Find(inverted.Id, page.Id)!.Payload;
                Assert.Equal(r.Row, i.Row);
                foreach (var c in i.Contributions)
                {
                    Assert.Equal(r.Find(pi[c.Name])!.Contribution, c.Contribution);
                    Assert.Equal(r.Find(c.Name)!.Value, c.Value);
                }
                checkedPages++;
            }
        }
        Assert.Equal(4, checkedPages);
    }

    [Fact]
    public void Age_effect_pages_are_identical_in_the_real_and_inverted_cells_of_one_tool()
    {
        // Kaur et al. rearranged feature names in the global and local views; the age plot was the real one.
        var built = BuiltStudies.Kaur2020;
        var pages = 0;
        foreach (var (real, inverted) in Pairs(built))
        {
            Assert.Equal(["global", "local"], inverted.ManipulatedViews);
            foreach (var page in built.Definition.Pages.Where(p => p.Kind == PageKind.Effect))
            {
                var r = built.Find(real.Id, page.Id)!;
                var i = built.Find(inverted.Id, page.Id)!;
                Assert.Equal(r.Payload.ToCanonicalJson(), i.Payload.ToCanonicalJson());
                Assert.Equal(r.Figures.Select(f => System.Text.Json.JsonSerializer.Serialize(f)), i.Figures.Select(f => System.Text.Json.JsonSerializer.Serialize(f)));
                pages++;
            }
            // The manipulated views are still manipulated: the global pages differ.
            var global = built.Definition.Pages.Single(p => p.Kind == PageKind.Global).Id;
            Assert.NotEqual(built.Find(real.Id, global)!.Payload.ToCanonicalJson(), built.Find(inverted.Id, global)!.Payload.ToCanonicalJson());
        }
        Assert.True(pages >= 2, $"expected an age page per tool; compared {pages}");
    }

    [Fact]
    public void Every_inverted_cell_reverses_the_global_order_with_tau_at_most_minus_0_9_and_no_flat_top_feature()
    {
        var built = BuiltStudies.Kaur2020;
        var global = built.Definition.Pages.Single(p => p.Kind == PageKind.Global).Id;
        foreach (var (real, inverted) in Pairs(built))
        {
            var r = (GlobalPayload)built.Find(real.Id, global)!.Payload;
            var i = (GlobalPayload)built.Find(inverted.Id, global)!.Payload;
            var used = r.Features.Where(f => f.Importance > 0).ToList();
            // Kendall τ-b brute force over pairs of used features (no ties among them here, so τ-a = τ-b).
            int concordant = 0, discordant = 0;
            for (var a = 0; a < used.Count; a++)
                for (var b = a + 1; b < used.Count; b++)
                {
                    var real01 = Math.Sign(used[a].Importance - used[b].Importance);
                    var shown01 = Math.Sign(i.Find(used[a].Name)!.Importance - i.Find(used[b].Name)!.Importance);
                    if (real01 * shown01 > 0) concordant++; else if (real01 * shown01 < 0) discordant++;
                }
            var tau = (concordant - discordant) / (double)(concordant + discordant);
            Assert.True(tau <= -0.9, $"{inverted.Id}: τ = {tau}");
            Assert.True(i.Features[0].Importance > 0, $"{inverted.Id}: top feature '{i.Features[0].Name}' is flat");
            var strength = built.Strengths.Single(s => s.Cell == inverted.Id);
            Assert.Equal(tau, strength.GlobalTau!.Value, 12);
            Assert.True(strength.GlobalLocalGap <= 1e-9);
        }
    }

    [Fact]
    public void Every_derived_key_is_among_its_questions_options_in_every_cell()
    {
        var built = BuiltStudies.Kaur2020;
        var keys = BuiltKeyChecks.Keys(built);
        Assert.Contains(keys, k => k.Derived && k.Question == "global-mc");
        Assert.Contains(keys, k => k.Derived && k.Question == "age-mc");
        foreach (var k in keys)
        {
            Assert.Null(k.Error);
            if (k.Key is not null && k.Options.Count > 0) Assert.Contains(k.Key, k.Options);
        }
        // "Which is the 3rd most important feature according to the explanation system?" follows what the cell showed.
        foreach (var k in keys.Where(k => k.Question == "global-mc"))
            Assert.Equal(((GlobalPayload)built.Find(k.Cell, k.Page)!.Payload).Features[2].Name, k.Key);
    }

    [Fact]
    public void A_study_whose_derived_key_falls_outside_its_options_is_rejected_with_the_cell_and_json_path()
    {
        var built = BuiltStudies.Kaur2020;
        var top = ((GlobalPayload)built.Find("gam-real", "global")!.Payload).Features[2].Name; // global-mc asks for the 3rd
        // Only from the rank question's options (the name appears elsewhere in the file too, e.g. a defect's column).
        var node = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(BuiltStudies.StudyFile("kaur2020.json")))!;
        var options = node["pages"]!.AsArray().SelectMany(p => p!["questions"]?.AsArray() ?? new System.Text.Json.Nodes.JsonArray()).Single(q => (string?)q!["id"] == "global-mc")!["options"]!.AsArray();
        options.Remove(options.Single(o => (string?)o == top));
        var edited = node.ToJsonString();
        var result = StudyValidator.Validate(edited, "edited.json");
        Assert.True(result.IsValid, string.Join("; ", result.Errors));
        // Same definition but for the options: the stimuli already built for kaur2020 are what this study would show.
        var errors = BuiltKeyChecks.Keys(result.Definition!, (cell, page) => built.Find(cell, page)?.Payload).Where(k => k.Error is not null).Select(k => k.Error!).ToList();
        var globalPage = result.Definition!.Pages.ToList().FindIndex(p => p.Kind == PageKind.Global);
        var error = Assert.Single(errors, e => e.Message.Contains("'gam-real'", StringComparison.Ordinal));
        Assert.Equal(StudyErrorCodes.KeyNotAmongOptions, error.Code);
        Assert.Equal($"$.pages[{globalPage}].questions[0].key", error.Path);
        Assert.Contains($"'{top}'", error.Message);
    }
}
