namespace MisuseLab.Analysis;

/// <summary>
/// What the analysis stage cannot do with what storage holds, or where it was asked to write: an unknown study, an
/// inconsistent database (an answer to an item or stimulus the version does not define), an export folder in use.
/// The message names the study, version, participant or path, and what to do.
/// </summary>
public sealed class AnalysisException(string message) : Exception(message);
