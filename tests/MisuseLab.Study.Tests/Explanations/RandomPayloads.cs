using MisuseLab.Study.Explanations;

namespace MisuseLab.Study.Tests.Explanations;

/// <summary>Seeded random payloads for property-style tests; ties and negated duplicates are produced on purpose to exercise canonical ordering.</summary>
internal sealed class RandomPayloads(int seed)
{
    private readonly Random _random = new(seed);

    public Random Random => _random;

    public string[] Names(int n) => Enumerable.Range(0, n).Select(i => $"f{i}").OrderBy(_ => _random.Next()).ToArray();

    public GlobalPayload Global(int? count = null, bool distinct = true)
    {
        var names = Names(count ?? _random.Next(2, 13));
        var features = names.Select((name, i) =>
        {
            // Without distinctness, importances tie and some are 0; one stays non-zero so an effect can be drawn.
            var importance = distinct ? _random.NextDouble() : i == 0 ? 1.0 : Math.Round(_random.NextDouble() * 3) / 3;
            var half = _random.NextDouble() * 0.1;
            return new FeatureImportance(name, importance, importance - half, importance + half);
        });
        var explainer = Pick(ExplainerKinds.All);
        return new GlobalPayload(explainer, Measure.GlobalFor(explainer), features);
    }

    public LocalPayload Local(int? count = null)
    {
        var names = Names(count ?? _random.Next(2, 13));
        var values = new double[names.Length];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = (_random.Next(5)) switch
            {
                0 when i > 0 => values[i - 1],          // exact tie
                1 when i > 0 => -values[i - 1],         // tie in magnitude, opposite sign
                2 => 0.0,
                _ => (_random.NextDouble() - 0.5) * Math.Pow(10, _random.Next(-3, 2)),
            };
        }
        var contributions = names.Select((n, i) => new FeatureContribution(n, _random.Next(17, 90).ToString(System.Globalization.CultureInfo.InvariantCulture), values[i])).ToArray();
        var baseValue = _random.NextDouble() * 4 - 2;
        var probe = new LocalPayload("treeshap", 0, baseValue, 0, 0.5, contributions);
        var output = baseValue + probe.ContributionSum;
        return new LocalPayload(Pick(ExplainerKinds.All), _random.Next(0, 30000), baseValue, output, 1 / (1 + Math.Exp(-output)), contributions, _random.Next(3) switch { 0 => null, 1 => true, _ => false });
    }

    /// <summary>An effect of one of the global payload's features with non-zero importance.</summary>
    public EffectPayload Effect(GlobalPayload global)
    {
        var candidates = global.Features.Where(f => f.Importance != 0).ToArray();
        var feature = candidates[_random.Next(candidates.Length)].Name;
        var n = _random.Next(1, 25);
        var axis = _random.Next(2) == 0
            ? EffectAxis.Numeric(Enumerable.Range(0, n).Select(i => 17 + i * (1 + _random.Next(3)) + 0.0).Distinct().Order().ToArray())
            : EffectAxis.Categorical(Enumerable.Range(0, n).Select(i => $"c{i}"));
        var m = axis.Count;
        var y = Enumerable.Range(0, m).Select(_ => _random.NextDouble() * 2 - 1).ToArray();
        var low = y.Select(v => v - _random.NextDouble() * 0.2).ToArray();
        var high = y.Select(v => v + _random.NextDouble() * 0.2).ToArray();
        var density = Enumerable.Range(0, m).Select(_ => (double)_random.Next(0, 500)).ToArray();
        return new EffectPayload(global.Explainer, feature, new Measure("effect of the feature", "log-odds"), axis, y, low, high, density);
    }

    public ExampleRow Row() =>
        new(_random.Next(0, 30000), _random.Next(2) == 0, _random.NextDouble(), [new ShownValue("age", _random.Next(17, 90).ToString(System.Globalization.CultureInfo.InvariantCulture)), new ShownValue("sex", _random.Next(2) == 0 ? "Male" : "Female")]);

    public ExamplesPayload Examples()
    {
        var k = _random.Next(0, 6);
        var top = Enumerable.Range(0, k).Select(_ => Row()).OrderByDescending(r => r.Probability).ToArray();
        var bottom = Enumerable.Range(0, k).Select(_ => Row()).OrderBy(r => r.Probability).ToArray();
        return new ExamplesPayload(_random.Next(2) == 0 ? null : Row(), Enumerable.Range(0, k).Select(_ => Row()), top, bottom);
    }

    public OverviewPayload Overview()
    {
        var bins = _random.Next(1, 20);
        var edges = Enumerable.Range(0, bins + 1).Select(i => 17.0 + 4 * i);
        return new OverviewPayload(_random.Next(1, 40000), _random.Next(1, 20000), _random.NextDouble(), _random.NextDouble(),
            [new Histogram("age", edges, Enumerable.Range(0, bins).Select(_ => (long)_random.Next(0, 3000)))]);
    }

    public TrialPayload Trial()
    {
        var names = Names(_random.Next(1, 6));
        ShownValue[] Person() => names.Select(n => new ShownValue(n, _random.Next(17, 90).ToString(System.Globalization.CultureInfo.InvariantCulture))).ToArray();
        return new TrialPayload(Person(), Person());
    }

    public T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];
}
