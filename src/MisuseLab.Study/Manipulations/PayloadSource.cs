namespace MisuseLab.Study.Manipulations;

/// <summary>What the stimulus builder must compute a condition's input payloads from.</summary>
public enum PayloadSource
{
    /// <summary>The trained model and its explainer.</summary>
    RealModel,
    /// <summary>A copy of the model with randomized parameters, as in the model-randomization sanity check; explained by the same explainer.</summary>
    RandomizedModel,
    /// <summary>Real training rows near the instance and at the extremes of the predicted probability (<see cref="Explanations.ExamplesPayload"/>).</summary>
    Examples,
    /// <summary>Nothing: no explanation is shown.</summary>
    None,
}
