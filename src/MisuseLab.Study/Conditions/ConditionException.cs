namespace MisuseLab.Study.Conditions;

/// <summary>A condition cannot be applied: context it needs is missing, or the payload does not allow it; the message says what to supply.</summary>
public sealed class ConditionException(string message) : Exception(message);
