namespace MisuseLab.Study.Explanations;

/// <summary>A payload is inconsistent, or stored payload JSON cannot be read back; the message names the JSON path or argument.</summary>
public sealed class PayloadFormatException(string message, Exception? inner = null) : Exception(message, inner);
