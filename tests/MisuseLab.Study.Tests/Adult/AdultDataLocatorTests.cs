using MisuseLab.Learning;
using MisuseLab.Study.Adult;

namespace MisuseLab.Study.Tests.Adult;

/// <summary>The locator's decision, exercised with temporary repositories (the download itself needs the internet).</summary>
public sealed class AdultDataLocatorTests : IDisposable
{
    private readonly TempDirectory _root = new();

    public void Dispose() => _root.Dispose();

    private string Repo => Path.Combine(_root.Path, "repo");
    private string RepoData => Path.Combine(Repo, "data", "adult");
    private string SharedData => Path.Combine(_root.Path, "shared", "data", "adult");

    private static void Fill(string directory, params string[] names)
    {
        Directory.CreateDirectory(directory);
        foreach (var name in names) File.WriteAllText(Path.Combine(directory, name), "x");
    }

    private static readonly string[] All = ["adult.data", "adult.test", "adult.names"];

    [Fact]
    public void Explicit_beats_configuration_beats_environment_beats_repository()
    {
        Fill(RepoData, All);
        Assert.Equal(new AdultDataLocation(Path.GetFullPath("x"), AdultDataSource.Explicit), AdultDataLocator.Locate("x", "c", "e", Repo));
        Assert.Equal(new AdultDataLocation(Path.GetFullPath("c"), AdultDataSource.Configured), AdultDataLocator.Locate(null, "c", "e", Repo));
        Assert.Equal(new AdultDataLocation(Path.GetFullPath("e"), AdultDataSource.Environment), AdultDataLocator.Locate(" ", "", "e", Repo));
        Assert.Equal(new AdultDataLocation(RepoData, AdultDataSource.Repository), AdultDataLocator.Locate(null, null, null, Repo));
    }

    [Fact]
    public void A_named_directory_is_used_even_when_empty_so_the_loader_can_say_what_is_missing()
    {
        var empty = Path.Combine(_root.Path, "empty");
        Fill(SharedData, All);
        Assert.Equal(AdultDataSource.Explicit, AdultDataLocator.Locate(empty, null, null, Repo).Source);
    }

    [Fact]
    public void An_incomplete_repository_copy_falls_through_to_shared()
    {
        Fill(RepoData, "adult.data", "adult.test");
        Fill(SharedData, All);
        Assert.Equal(new AdultDataLocation(SharedData, AdultDataSource.Shared), AdultDataLocator.Locate(null, null, null, Repo));
    }

    [Fact]
    public void With_no_local_copy_the_files_are_downloaded_into_the_repository()
    {
        Fill(SharedData, "adult.data");
        Assert.Equal(new AdultDataLocation(RepoData, AdultDataSource.Download), AdultDataLocator.Locate(null, null, null, Repo));
    }

    [Fact]
    public void Without_a_repository_or_a_setting_the_error_says_what_to_set()
    {
        var e = Assert.Throws<DataFormatException>(() => AdultDataLocator.Locate(null, null, null, repositoryRoot: null));
        Assert.Contains("--data-dir", e.Message);
        Assert.Contains("MISUSELAB_DATA_DIR", e.Message);
    }

    [Fact]
    public void The_repository_root_is_found_from_a_nested_folder()
    {
        Fill(Repo, "MisuseLab.sln");
        var nested = Path.Combine(Repo, "src", "a", "b");
        Directory.CreateDirectory(nested);
        Assert.Equal(Path.GetFullPath(Repo), AdultDataLocator.FindRepositoryRoot(nested));
        Assert.Null(AdultDataLocator.FindRepositoryRoot(_root.Path));
    }

    [Fact]
    public void Tests_resolve_a_complete_local_copy()
    {
        var directory = AdultDataLocator.Resolve(null);
        Assert.True(AdultDataLocator.HasAllFiles(directory), directory);
    }
}
