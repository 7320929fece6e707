using System.Collections.Immutable;
using System.Text.Json.Serialization;
using MisuseLab.Study.Stimuli;

namespace MisuseLab.Study.Explanations;

/// <summary>
/// Source-generated (de)serialisation of payloads and stimuli. Reading is strict: every constructor parameter
/// is required, nulls are refused where the type does not allow them, and numbers must be JSON numbers. Out-of-order
/// "kind" is accepted on reading (a hand-edited file may put it anywhere); writing always puts it first.
/// </summary>
[JsonSourceGenerationOptions(
    RespectRequiredConstructorParameters = true,
    RespectNullableAnnotations = true,
    AllowOutOfOrderMetadataProperties = true,
    NumberHandling = JsonNumberHandling.Strict)]
[JsonSerializable(typeof(ExplanationPayload))]
[JsonSerializable(typeof(Stimulus))]
[JsonSerializable(typeof(ImmutableArray<double>))]
[JsonSerializable(typeof(ImmutableArray<string>))]
internal sealed partial class PayloadJsonContext : JsonSerializerContext;
