namespace MisuseLab.Analysis.Statistics;

/// <summary>
/// One observation for a regression model, independent of any study type: the outcome as an integer level (an
/// ordinal rating such as 1…7, or 0/1 for a binary outcome), factor columns as strings and numeric covariates.
/// A variable named in a model formula is looked up in <see cref="Factors"/> first, then in <see cref="Numerics"/>.
/// </summary>
public sealed record ModelRow(int Outcome, IReadOnlyDictionary<string, string> Factors, IReadOnlyDictionary<string, double>? Numerics = null)
{
    /// <summary>An empty numeric dictionary, so rows without covariates need not allocate one.</summary>
    internal static readonly IReadOnlyDictionary<string, double> NoNumerics = new Dictionary<string, double>();
}

/// <summary>A model could not be fitted: too few outcome categories, an empty design cell, collinear columns,
/// separation (a coefficient diverging) or a fit that did not converge. The message says which and what to try.</summary>
public sealed class ModelFitException(string message) : Exception(message);
