using System.Text.Json;

namespace MisuseLab.Study.Definitions;

internal sealed partial class StudyReader
{
    public const string PowerPath = "$.power";

    /// <summary>The <c>power</c> section, or null when the file declares none; the schema reports wrong types.</summary>
    private PowerPlan? ReadPower(JsonElement? o)
    {
        if (o is not { ValueKind: JsonValueKind.Object }) return null;
        const string at = PowerPath;
        var baseline = Get(o, "baseline") is { ValueKind: JsonValueKind.Array } list
            ? list.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.Number).Select(v => v.GetDouble()).ToList()
            : null;
        return Track(new PowerPlan(Number(o, "odds_ratio", at) ?? 1, Number(o, "target_power", at) ?? PowerPlan.DefaultTargetPower, baseline,
            Int(o, "simulations", at) ?? PowerPlan.DefaultSimulations, Int(o, "seed", at) ?? PowerPlan.DefaultSeed), at);
    }
}
