namespace MisuseLab.Study.Pipeline;

/// <summary>A study file that validated cannot be built into stimuli (e.g. no test person fits an instance selector).</summary>
public sealed class StudyPipelineException(string message) : Exception(message);
