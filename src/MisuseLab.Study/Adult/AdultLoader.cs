namespace MisuseLab.Study.Adult;

/// <summary>Loads UCI Adult from a directory: verifies every file's SHA-256 first, then parses both splits.</summary>
public static class AdultLoader
{
    public const string TrainFileName = "adult.data";
    public const string TestFileName = "adult.test";
    public const string NamesFileName = "adult.names";

    /// <exception cref="MisuseLab.Learning.DataFormatException">A file is missing, differs from UCI's, or a record is malformed.</exception>
    public static AdultData Load(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        var full = Path.GetFullPath(directory);
        AdultChecksums.Verify(full);
        var train = AdultFileReader.Read(Path.Combine(full, TrainFileName), AdultFileKind.Train);
        var test = AdultFileReader.Read(Path.Combine(full, TestFileName), AdultFileKind.Test);
        return new AdultData(train, test, full);
    }
}
