namespace MisuseLab.Study.Defects;

/// <summary>One problem with a defect specification, at a JSON path such as <c>$.defects[2].rate</c>.</summary>
public sealed record DefectSpecError(string Path, string Message)
{
    public override string ToString() => $"{Path}: {Message}";
}

/// <summary>A defect specification is invalid, or does not fit the data it is applied to. Lists every error found.</summary>
public sealed class DefectSpecException : Exception
{
    public DefectSpecException(IReadOnlyList<DefectSpecError> errors)
        : base(errors.Count == 1 ? errors[0].ToString() : $"{errors.Count} errors in defect specifications:{Environment.NewLine}" + string.Join(Environment.NewLine, errors.Select(e => "  " + e)))
    {
        Errors = errors;
    }

    public DefectSpecException(string path, string message) : this([new DefectSpecError(path, message)]) { }

    public IReadOnlyList<DefectSpecError> Errors { get; }
}
