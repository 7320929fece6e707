namespace MisuseLab.Bots;

/// <summary>
/// The answer model of <see cref="BotPolicy.PlantedInteraction"/>: a rating is a latent
/// η = <c>effect</c> · [every factor at its second level] + ε, ε ~ standard logistic, cut into the scale at the
/// thresholds θⱼ = j − (categories / 2) for j = 1 … categories − 1 (equally spaced, centred). That is exactly a
/// cumulative-logit model whose only non-zero coefficient is the highest interaction, with value <c>effect</c>:
/// in a 2×2 design clm estimates β_A = β_B = 0 and β_{A:B} = effect, so an analysis can be checked against a
/// known truth. With <c>effect</c> = 0 no factor matters at all.
/// </summary>
public static class PlantedInteraction
{
    /// <param name="secondLevel">Per factor of the design, whether the participant's cell is at that factor's second level.</param>
    /// <param name="min">Lowest point of the scale.</param>
    /// <param name="max">Highest point of the scale.</param>
    /// <param name="effect">The interaction on the logit scale (clm's β of the interaction term).</param>
    /// <param name="random">The participant's own generator (one draw per rating).</param>
    public static int Rating(IReadOnlyList<bool> secondLevel, int min, int max, double effect, Random random)
    {
        ArgumentNullException.ThrowIfNull(secondLevel);
        ArgumentNullException.ThrowIfNull(random);
        if (max <= min) throw new ArgumentOutOfRangeException(nameof(max), max, $"Expected a scale with max > min ({min}), found max = {max}.");
        if (!double.IsFinite(effect)) throw new ArgumentOutOfRangeException(nameof(effect), effect, "Expected a finite effect on the logit scale.");
        var eta = secondLevel.Count > 0 && secondLevel.All(s => s) ? effect : 0.0;
        // Inverse-CDF draw of a standard logistic variable; u in (0, 1) so the log is finite.
        var u = (random.Next(1, int.MaxValue) - 0.5) / int.MaxValue;
        var latent = eta + Math.Log(u / (1 - u));
        var categories = max - min + 1;
        // P(Y ≤ j) = logistic(θⱼ − η) ⇔ Y is the first category whose threshold the latent value does not exceed.
        for (var j = 1; j < categories; j++)
        {
            if (latent <= j - categories / 2.0) return min + j - 1;
        }
        return max;
    }
}
