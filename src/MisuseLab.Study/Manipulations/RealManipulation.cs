using MisuseLab.Study.Explanations;

namespace MisuseLab.Study.Manipulations;

/// <summary>The real explanation of the trained model: the identity.</summary>
public sealed class RealManipulation : IManipulation
{
    public string Name => "real";
    public PayloadSource Source => PayloadSource.RealModel;
    public bool Deceptive => false;
    public IReadOnlyList<string> Keeps => Invariants.All;
    public IReadOnlyList<string> Breaks => [];

    public ExplanationPayload Apply(ExplanationPayload payload, ManipulationContext context)
    {
        ArgumentNullException.ThrowIfNull(payload);
        return payload;
    }
}
