namespace MisuseLab.Study.Definitions;

/// <summary>Reads study files from disk.</summary>
public static class StudyDefinitionLoader
{
    /// <summary>Loads and validates a study file; throws <see cref="StudyValidationException"/> listing every error.</summary>
    public static StudyDefinition Load(string path, IDefectCatalog? defects = null)
    {
        var result = Validate(path, defects);
        return result.Definition ?? throw new StudyValidationException(path, result.Errors);
    }

    /// <summary>Validates a study file without throwing; a missing or unreadable file is reported as an error too.</summary>
    public static StudyValidationResult Validate(string path, IDefectCatalog? defects = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new StudyValidationResult(path, null, null,
                [new StudyError(StudyErrorCodes.Syntax, JsonPath.Root, $"Cannot read the file: {e.Message}", "Check the path and permissions.")]);
        }
        return StudyValidator.Validate(bytes, path, defects);
    }
}
