using MisuseLab.Study.Manipulations;
using MisuseLab.Study.Explanations;
using MisuseLab.Study.Tests.Explanations;

namespace MisuseLab.Study.Tests.Manipulations;

/// <summary>Every condition's declared invariants, checked over many seeded random payloads: kept ones always hold, broken ones are seen to break.</summary>
public sealed class ManipulationInvariantTests
{
    public static TheoryData<string> ConditionNames() => new(ManipulationCatalog.Names);

    private static IEnumerable<(ExplanationPayload Input, ManipulationContext Context)> Cases(int seed, int count)
    {
        var gen = new RandomPayloads(seed);
        for (var i = 0; i < count; i++)
        {
            var global = gen.Global(distinct: i % 3 != 0);
            var context = new ManipulationContext(global, gen.Examples());
            yield return (global, context);
            yield return (gen.Local(global.Features.Length), context); // the same feature names, as in a built cell
            yield return (gen.Effect(global), context);
            yield return (gen.Overview(), context);
        }
    }

    [Theory]
    [MemberData(nameof(ConditionNames))]
    public void Declared_lists_are_disjoint_and_drawn_from_the_vocabulary(string name)
    {
        var condition = ManipulationCatalog.Get(name);
        Assert.Empty(condition.Keeps.Intersect(condition.Breaks));
        Assert.All(condition.Keeps.Concat(condition.Breaks), i => Assert.Contains(i, Invariants.All));
    }

    [Theory]
    [MemberData(nameof(ConditionNames))]
    public void Kept_invariants_hold_on_every_random_payload(string name)
    {
        var condition = ManipulationCatalog.Get(name);
        foreach (var (input, context) in Cases(seed: 100, count: 250))
        {
            var shown = condition.Apply(input, context);
            foreach (var invariant in condition.Keeps.Except(Invariants.SetLevel))
                Assert.True(Invariants.Holds(invariant, condition, input, shown), $"{name} should keep {invariant} on {input.ToCanonicalJson()} but showed {shown.ToCanonicalJson()}");
        }
    }

    [Theory]
    [MemberData(nameof(ConditionNames))]
    public void Broken_invariants_are_seen_to_break(string name)
    {
        var condition = ManipulationCatalog.Get(name);
        var broken = new HashSet<string>();
        foreach (var (input, context) in Cases(seed: 200, count: 100))
        {
            var shown = condition.Apply(input, context);
            foreach (var invariant in condition.Breaks)
                if (!Invariants.Holds(invariant, condition, input, shown)) broken.Add(invariant);
        }
        Assert.Equal(condition.Breaks.Order(), broken.Order());
    }

    [Theory]
    [MemberData(nameof(ConditionNames))]
    public void Conditions_are_pure_and_never_write_their_name_into_a_payload(string name)
    {
        var condition = ManipulationCatalog.Get(name);
        foreach (var (input, context) in Cases(seed: 300, count: 50))
        {
            var before = input.ToCanonicalJson();
            var first = condition.Apply(input, context).ToCanonicalJson();
            Assert.Equal(before, input.ToCanonicalJson());
            Assert.Equal(first, condition.Apply(input, context).ToCanonicalJson());
            Assert.DoesNotContain("condition", first);
            foreach (var deceptive in ManipulationCatalog.All.Where(c => c.Deceptive))
                Assert.DoesNotContain(deceptive.Name, first);
        }
    }

    [Fact]
    public void Overview_payloads_pass_through_every_condition()
    {
        var overview = new RandomPayloads(5).Overview();
        foreach (var condition in ManipulationCatalog.All)
            Assert.Same(overview, condition.Apply(overview, ManipulationContext.Empty));
    }

    [Fact]
    public void Catalog_names_are_unique_and_unknown_names_fail_clearly()
    {
        Assert.Equal(ManipulationCatalog.Names.Count, ManipulationCatalog.Names.Distinct().Count());
        Assert.Equal(["real", "inverted", "sign-flipped", "randomized-model", "example-based", "none"], ManipulationCatalog.Names);
        Assert.Contains("real, inverted", Assert.Throws<ManipulationException>(() => ManipulationCatalog.Get("flipped")).Message);
    }
}
