namespace MisuseLab.Study.Manipulations;

/// <summary>A condition cannot be applied: context it needs is missing, or the payload does not allow it; the message says what to supply.</summary>
public sealed class ManipulationException(string message) : Exception(message);
