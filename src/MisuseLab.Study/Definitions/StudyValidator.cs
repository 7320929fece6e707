using System.Text;
using System.Text.Json;

namespace MisuseLab.Study.Definitions;

/// <summary>The outcome of validating one study file: every error found, and the definition and hash when there are none.</summary>
public sealed record StudyValidationResult(string File, StudyDefinition? Definition, string? Hash, IReadOnlyList<StudyError> Errors)
{
    public bool IsValid => Errors.Count == 0;

    /// <summary>Problems that do not make the file invalid (e.g. <see cref="StudyErrorCodes.CuedDetection"/>); only for a valid file.</summary>
    public IReadOnlyList<StudyError> Warnings { get; init; } = [];
}

/// <summary>
/// Validates a study file in one pass and reports ALL errors (syntax — with line and column —, structure,
/// references, design, page rules, condition leaks), each with a stable code, JSON path and hint.
/// Structure is judged by studies/study.schema.json (<see cref="StudySchema"/>, errors translated by
/// <see cref="SchemaErrorMapper"/>); the reader then builds the definition and the local and cross checks judge
/// what a schema cannot (catalog, references, design, order, leaks).
/// </summary>
public static class StudyValidator
{
    private static readonly JsonDocumentOptions ParseOptions = new() { CommentHandling = JsonCommentHandling.Disallow, AllowTrailingCommas = false };

    public static StudyValidationResult Validate(string json, string file = "<study>", IDefectCatalog? defects = null) =>
        Validate(Encoding.UTF8.GetBytes(json ?? throw new ArgumentNullException(nameof(json))), file, defects);

    public static StudyValidationResult Validate(byte[] utf8, string file = "<study>", IDefectCatalog? defects = null)
    {
        ArgumentNullException.ThrowIfNull(utf8);
        var span = utf8.AsSpan();
        if (span.StartsWith(Encoding.UTF8.Preamble)) span = span[Encoding.UTF8.Preamble.Length..];
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(span.ToArray(), ParseOptions);
        }
        catch (JsonException e)
        {
            var line = (int)(e.LineNumber ?? 0) + 1;
            var column = (int)(e.BytePositionInLine ?? 0) + 1;
            return new StudyValidationResult(file, null, null,
                [new StudyError(StudyErrorCodes.Syntax, e.Path ?? JsonPath.Root, $"The file is not valid JSON: {FirstSentence(e.Message)}",
                    "Fix the syntax at this line and column (a missing comma, quote or bracket; JSON allows no comments or trailing commas).", line, column)]);
        }

        using (doc)
        {
            var positions = JsonPositionMap.Build(span);
            var ctx = new StudyReadContext(positions);
            foreach (var (path, name) in positions.Duplicates)
                ctx.Error(StudyErrorCodes.DuplicateProperty, path, $"Property '{name}' appears more than once in this object.",
                    "Keep one of them; JSON readers disagree on which one wins.");
            var mapper = new SchemaErrorMapper(doc.RootElement);
            foreach (var failure in StudySchema.Evaluate(doc.RootElement))
                foreach (var error in mapper.Map(failure))
                    ctx.Add(error);
            var reader = new StudyReader(ctx);
            var definition = reader.Read(doc.RootElement);
            if (definition is not null)
            {
                new StudyLocalChecks(ctx, reader.PathOf, defects ?? Defects.DefectSpecCatalog.Instance).Run(definition);
                new StudyCrossChecks(ctx, reader.PathOf).Run(definition);
                new AnalysisPlanChecks(ctx, reader.PathOf).Run(definition);
                new ReplicationChecks(ctx).Run(definition);
                new PowerPlanChecks(ctx).Run(definition);
                new RemedyChecks(ctx, reader.PathOf).Run(definition);
                new TaskPageChecks(ctx, reader.PathOf).Run(definition);
                ScreeningChecks.Run(ctx, definition);
                OnlyForChecks.Run(ctx, reader.PathOf, definition);
            }
            var errors = WithoutShadowed(ctx.Errors).OrderBy(e => e.Line ?? int.MaxValue).ThenBy(e => e.Column ?? int.MaxValue).ToList();
            return errors.Count == 0
                ? new StudyValidationResult(file, definition, StudyHash.Compute(doc.RootElement), []) { Warnings = [.. DetectionOrderCheck.Warnings(definition!), .. ConsentPromiseCheck.Warnings(definition!)] }
                : new StudyValidationResult(file, null, null, errors);
        }
    }

    /// <summary>
    /// An unknown property (STUDY004) or a value outside the vocabulary (STUDY007) is the whole story at its path: the
    /// per-kind rules of the schema (fields a question kind takes, keys a question kind accepts) would reject the same
    /// name or value again, which would only repeat it.
    /// </summary>
    private static IEnumerable<StudyError> WithoutShadowed(IReadOnlyList<StudyError> errors)
    {
        string[] shadowing = [StudyErrorCodes.UnknownProperty, StudyErrorCodes.NotAllowed];
        var settled = errors.Where(e => shadowing.Contains(e.Code)).Select(e => e.Path).ToHashSet(StringComparer.Ordinal);
        return errors.Where(e => shadowing.Contains(e.Code) || !settled.Contains(e.Path));
    }

    private static string FirstSentence(string message)
    {
        // The position is reported as line and column fields; drop System.Text.Json's own 0-based copy of it.
        foreach (var marker in new[] { " LineNumber:", " Path:" })
        {
            var cut = message.IndexOf(marker, StringComparison.Ordinal);
            if (cut > 0) message = message[..cut];
        }
        return message;
    }
}
