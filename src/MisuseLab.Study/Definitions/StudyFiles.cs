namespace MisuseLab.Study.Definitions;

/// <summary>Finds the repository's <c>studies/</c> folder (next to MisuseLab.sln, searching upwards).</summary>
public static class StudyFiles
{
    public static string? FindStudiesDirectory(string? start = null)
    {
        for (var dir = new DirectoryInfo(start ?? Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "MisuseLab.sln")))
            {
                var studies = Path.Combine(dir.FullName, "studies");
                return Directory.Exists(studies) ? studies : null;
            }
        }
        return null;
    }

    /// <summary>The study files in <paramref name="directory"/>: every *.json except the schema, sorted by name.</summary>
    public static IReadOnlyList<string> List(string directory) =>
        Directory.GetFiles(directory, "*.json")
            .Where(f => !f.EndsWith(".schema.json", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal)
            .ToArray();
}
