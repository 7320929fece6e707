using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using MisuseLab.Study.Explanations;

namespace MisuseLab.Study.Stimuli;

/// <summary>
/// Canonical JSON of a stimulus — {"study":…,"version":…,"condition":…,"page":…,"instance":…|null,"key":…|null,"model":{…},"payload":{…},"figures":[…]}
/// ("model" only when recorded: <see cref="StimulusModel"/>)
/// with the payload in its canonical form and the figures as Plotly.NET wrote them (all through <see cref="PayloadJson"/>) — and its SHA-256 as lower-case
/// hex. The hash is what every stored response carries; <see cref="Deserialize"/> re-opens the exact stimulus.
/// </summary>
public static class StimulusSerializer
{
    public static byte[] Serialize(Stimulus stimulus)
    {
        ArgumentNullException.ThrowIfNull(stimulus);
        return JsonSerializer.SerializeToUtf8Bytes(stimulus, PayloadJson.TypeInfo<Stimulus>());
    }

    public static string SerializeToString(Stimulus stimulus) => Encoding.UTF8.GetString(Serialize(stimulus));

    /// <summary>SHA-256 of the canonical bytes, 64 lower-case hex digits.</summary>
    public static string Hash(Stimulus stimulus) => Convert.ToHexStringLower(SHA256.HashData(Serialize(stimulus)));

    /// <summary>Reads a stimulus stored by <see cref="Serialize"/>; throws <see cref="PayloadFormatException"/> naming the JSON path of what is wrong.</summary>
    public static Stimulus Deserialize(string json) => PayloadJson.Read<Stimulus>(json, "stimulus");
}
