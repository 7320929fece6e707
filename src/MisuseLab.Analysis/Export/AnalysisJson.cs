using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using MisuseLab.Analysis.Declared;

namespace MisuseLab.Analysis.Export;

/// <summary>
/// analysis.json: the <see cref="DeclaredAnalysisReport"/> as it is, snake_case, every number at full precision
/// (round-trip), NaN/Infinity as the strings "NaN"/"Infinity" (a model that could not be fitted says why in "failure").
/// The plan and the options used are at the top, so the file reads on its own.
/// </summary>
public static class AnalysisJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = null,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    public static byte[] Serialize(DeclaredAnalysisReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return JsonSerializer.SerializeToUtf8Bytes(report, Options);
    }
}
