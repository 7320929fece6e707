using System.Text.Json.Nodes;
using MisuseLab.Study.Definitions;

namespace MisuseLab.Study.Tests.Definitions;

/// <summary>Random damage to a valid study must come back as errors with paths, never as an exception.</summary>
public sealed class StudyValidatorRobustnessTests
{
    private static List<(JsonNode Parent, object Key)> Slots(JsonNode node)
    {
        var slots = new List<(JsonNode, object)>();
        void Walk(JsonNode n)
        {
            if (n is JsonObject o)
                foreach (var (k, v) in o.ToList()) { slots.Add((o, k)); if (v is not null) Walk(v); }
            else if (n is JsonArray a)
                for (var i = 0; i < a.Count; i++) { slots.Add((a, i)); if (a[i] is not null) Walk(a[i]!); }
        }
        Walk(node);
        return slots;
    }

    [Theory]
    [InlineData("kaur2020.json")]
    [InlineData("baselines.json")]
    public void Random_damage_yields_errors_not_exceptions(string file)
    {
        var random = new Random(2024);
        JsonNode?[] replacements = [null, JsonValue.Create(-1), JsonValue.Create("x"), JsonValue.Create(true), new JsonObject(), new JsonArray(), JsonValue.Create(1.5)];
        var invalid = 0;
        for (var trial = 0; trial < 150; trial++)
        {
            var study = StudyTestFiles.Node(file);
            for (var edit = 0; edit < 1 + random.Next(3); edit++)
            {
                var slots = Slots(study);
                var (parent, key) = slots[random.Next(slots.Count)];
                var replacement = replacements[random.Next(replacements.Length)]?.DeepClone();
                if (parent is JsonObject o)
                {
                    if (random.Next(2) == 0) o.Remove((string)key);
                    else o[(string)key] = replacement;
                }
                else ((JsonArray)parent)[(int)key] = replacement;
            }
            var result = StudyTestFiles.Validate(study);
            if (!result.IsValid)
            {
                invalid++;
                Assert.All(result.Errors, e => Assert.StartsWith("$", e.Path));
                Assert.All(result.Errors, e => Assert.Matches("^STUDY0[0-3][0-9]$", e.Code));
            }
            else Assert.NotNull(result.Definition);
        }
        Assert.True(invalid > 100, $"only {invalid} of 150 damaged files were invalid");
    }

    /// <summary>The schema is built once per process and evaluated by every caller (web requests, launch jobs) at once.</summary>
    [Fact]
    public void Concurrent_validations_give_the_same_errors_as_sequential_ones()
    {
        var random = new Random(7);
        var texts = Enumerable.Range(0, 12).Select(_ =>
        {
            var study = StudyTestFiles.Node("kaur2020.json");
            var slots = Slots(study).Where(s => s.Parent is JsonObject).ToList();
            var (parent, key) = slots[random.Next(slots.Count)];
            ((JsonObject)parent)[(string)key] = JsonValue.Create("x");
            return StudyTestFiles.Indented(study);
        }).ToArray();
        var sequential = texts.Select(t => string.Join("\n", StudyValidator.Validate(t).Errors)).ToArray();

        var parallel = new string[texts.Length * 4];
        Parallel.For(0, parallel.Length, i => parallel[i] = string.Join("\n", StudyValidator.Validate(texts[i % texts.Length]).Errors));

        for (var i = 0; i < parallel.Length; i++) Assert.Equal(sequential[i % texts.Length], parallel[i]);
        Assert.Contains(sequential, s => s.Length > 0);
    }
}
