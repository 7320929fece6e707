using MisuseLab.Learning;

namespace MisuseLab.Study.Adult;

/// <summary>Where a directory of Adult files was found (or is to be downloaded to), and why.</summary>
public enum AdultDataSource { Explicit, Configured, Environment, Repository, Shared, Download }

public sealed record AdultDataLocation(string Directory, AdultDataSource Source);

/// <summary>
/// Finds the UCI Adult files, first match wins: an explicit directory (<c>--data-dir</c>); configuration
/// <c>MisuseLab:DataDir</c>; environment <c>MISUSELAB_DATA_DIR</c>; <c>&lt;repo&gt;/data/adult</c>;
/// <c>&lt;repo&gt;/../shared/data/adult</c>; otherwise a download from UCI into <c>&lt;repo&gt;/data/adult</c>.
/// A directory someone named is used as named, even if files are missing there (the loader then says which),
/// because silently falling back would hide their mistake; the repository folders are used only if complete.
/// </summary>
public static class AdultDataLocator
{
    public const string EnvironmentVariable = "MISUSELAB_DATA_DIR";
    public const string ConfigurationKey = "MisuseLab:DataDir";
    public const string SolutionFileName = "MisuseLab.sln";

    /// <summary>Resolves the data directory, downloading the files if no local copy is found.</summary>
    public static string Resolve(string? explicitDirectory) => Resolve(explicitDirectory, configuredDirectory: null);

    /// <param name="explicitDirectory">From <c>--data-dir</c>; wins over everything.</param>
    /// <param name="configuredDirectory">The host's <c>MisuseLab:DataDir</c> setting, if it has configuration.</param>
    public static string Resolve(string? explicitDirectory, string? configuredDirectory)
    {
        var location = Locate(explicitDirectory, configuredDirectory,
            Environment.GetEnvironmentVariable(EnvironmentVariable), FindRepositoryRoot());
        if (location.Source == AdultDataSource.Download)
            AdultDownloader.Download(location.Directory);
        return location.Directory;
    }

    /// <summary>The decision alone, without side effects: which directory, from which source.</summary>
    public static AdultDataLocation Locate(string? explicitDirectory, string? configuredDirectory, string? environmentDirectory, string? repositoryRoot)
    {
        if (!string.IsNullOrWhiteSpace(explicitDirectory)) return new(Path.GetFullPath(explicitDirectory), AdultDataSource.Explicit);
        if (!string.IsNullOrWhiteSpace(configuredDirectory)) return new(Path.GetFullPath(configuredDirectory), AdultDataSource.Configured);
        if (!string.IsNullOrWhiteSpace(environmentDirectory)) return new(Path.GetFullPath(environmentDirectory), AdultDataSource.Environment);
        if (repositoryRoot is null)
            throw new DataFormatException(
                $"Expected the UCI Adult files via --data-dir, {ConfigurationKey} or {EnvironmentVariable}, or a {SolutionFileName} above " +
                $"'{Directory.GetCurrentDirectory()}' or '{AppContext.BaseDirectory}' to find data/adult; found none of these. " +
                $"Pass --data-dir DIR or set {EnvironmentVariable} to a directory holding adult.data, adult.test and adult.names.");

        var repository = Path.GetFullPath(Path.Combine(repositoryRoot, "data", "adult"));
        if (HasAllFiles(repository)) return new(repository, AdultDataSource.Repository);
        var shared = Path.GetFullPath(Path.Combine(repositoryRoot, "..", "shared", "data", "adult"));
        if (HasAllFiles(shared)) return new(shared, AdultDataSource.Shared);
        return new(repository, AdultDataSource.Download);
    }

    public static bool HasAllFiles(string directory) =>
        AdultChecksums.FileNames.All(name => File.Exists(Path.Combine(directory, name)));

    /// <summary>The folder holding MisuseLab.sln, searched upwards from the current directory, then from the binaries.</summary>
    public static string? FindRepositoryRoot() =>
        FindRepositoryRoot(Directory.GetCurrentDirectory()) ?? FindRepositoryRoot(AppContext.BaseDirectory);

    public static string? FindRepositoryRoot(string start)
    {
        for (var dir = new DirectoryInfo(Path.GetFullPath(start)); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, SolutionFileName))) return dir.FullName;
        }
        return null;
    }
}
