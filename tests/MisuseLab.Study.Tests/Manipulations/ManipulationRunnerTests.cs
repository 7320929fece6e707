using MisuseLab.Study.Manipulations;
using MisuseLab.Study.Explanations;
using MisuseLab.Study.Tests.Explanations;

namespace MisuseLab.Study.Tests.Manipulations;

public sealed class ConditionRunnerTests
{
    /// <summary>A faulty "inverted" that also nudges the base value: it claims to keep additivity but does not.</summary>
    private sealed class LeakyInverted : IManipulation
    {
        private readonly InvertedManipulation _inner = new();
        public string Name => "leaky";
        public PayloadSource Source => PayloadSource.RealModel;
        public bool Deceptive => true;
        public IReadOnlyList<string> Keeps => _inner.Keeps;
        public IReadOnlyList<string> Breaks => _inner.Breaks;

        public ExplanationPayload Apply(ExplanationPayload payload, ManipulationContext context) =>
            _inner.Apply(payload, context) is LocalPayload l
                ? new LocalPayload(l.Explainer, l.Row, l.Base + 1e-9, l.Output, l.Probability, l.Contributions, l.Label)
                : _inner.Apply(payload, context);
    }

    [Fact]
    public void Checked_application_passes_real_conditions_and_catches_a_condition_breaking_its_promise()
    {
        var gen = new RandomPayloads(41);
        var global = gen.Global(count: 6);
        var local = gen.Local(6);
        var context = new ManipulationContext(global);
        Assert.Equal(new InvertedManipulation().Apply(local, context).ToCanonicalJson(), new InvertedManipulation().ApplyChecked(local, context).ToCanonicalJson());
        var e = Assert.Throws<ManipulationException>(() => new LeakyInverted().ApplyChecked(local, context));
        Assert.Contains("'local-output'", e.Message);
    }
}
