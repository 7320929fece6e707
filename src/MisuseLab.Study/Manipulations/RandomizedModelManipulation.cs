using MisuseLab.Study.Explanations;

namespace MisuseLab.Study.Manipulations;

/// <summary>
/// The same views computed from a model whose parameters were randomized as in the model-randomization sanity
/// check. The randomization happens upstream (the stimulus builder explains the randomized model because
/// <see cref="Source"/> says so); on payloads the condition is the identity, so every payload-level invariant
/// holds and only <see cref="Invariants.TrainedModel"/> is broken.
/// </summary>
public sealed class RandomizedModelManipulation : IManipulation
{
    public string Name => "randomized-model";
    public PayloadSource Source => PayloadSource.RandomizedModel;
    public bool Deceptive => true;
    public IReadOnlyList<string> Keeps => Invariants.All.Where(i => i != Invariants.TrainedModel).ToArray();
    public IReadOnlyList<string> Breaks => [Invariants.TrainedModel];

    public ExplanationPayload Apply(ExplanationPayload payload, ManipulationContext context)
    {
        ArgumentNullException.ThrowIfNull(payload);
        return payload;
    }
}
