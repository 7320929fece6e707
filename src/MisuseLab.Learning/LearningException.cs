namespace MisuseLab.Learning;

/// <summary>Root of the learning library's exceptions; every message says what was expected, what was found and what to try.</summary>
public class LearningException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>A model's arrays are inconsistent, or a model file cannot be read as a model.</summary>
public sealed class InvalidModelException(string message, Exception? inner = null) : LearningException(message, inner);

/// <summary>Input data does not fit the expected shape or schema.</summary>
public sealed class DataFormatException(string message, Exception? inner = null) : LearningException(message, inner);

/// <summary>An explanation's attributions do not add up to the model output they explain.</summary>
public sealed class AdditivityException(string message) : LearningException(message);
