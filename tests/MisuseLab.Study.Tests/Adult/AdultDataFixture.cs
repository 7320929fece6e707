using MisuseLab.Study.Adult;

namespace MisuseLab.Study.Tests.Adult;

/// <summary>The real UCI files, located as every caller locates them and loaded once per test run.</summary>
public static class AdultDataFixture
{
    private static readonly Lazy<AdultData> Loaded = new(() => AdultLoader.Load(Directory));
    private static readonly Lazy<string> Located = new(() => AdultDataLocator.Resolve(null));

    public static string Directory => Located.Value;
    public static AdultData Data => Loaded.Value;
}

/// <summary>A temporary directory deleted when the test ends.</summary>
public sealed class TempDirectory : IDisposable
{
    public TempDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "misuselab-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>Copies the real Adult files here, so a test can break one of them.</summary>
    public TempDirectory WithAdultFiles()
    {
        foreach (var name in AdultChecksums.FileNames)
            System.IO.File.Copy(System.IO.Path.Combine(AdultDataFixture.Directory, name), File(name));
        return this;
    }

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); }
        catch (IOException) { /* best effort: a leftover temp folder must not fail a test */ }
    }
}
