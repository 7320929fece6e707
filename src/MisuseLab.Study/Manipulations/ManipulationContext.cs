using MisuseLab.Study.Explanations;

namespace MisuseLab.Study.Manipulations;

/// <summary>
/// What a condition may need beside the payload it transforms: the real global importances of the same
/// explainer (the inverted condition reads its one feature mapping for the whole cell off them) and the examples payload for
/// the page's instance (the example-based condition shows it instead of the explanation). Either may be null
/// when the cell's condition does not use it.
/// </summary>
public sealed record ManipulationContext(GlobalPayload? RealGlobal = null, ExamplesPayload? Examples = null)
{
    public static readonly ManipulationContext Empty = new();
}
