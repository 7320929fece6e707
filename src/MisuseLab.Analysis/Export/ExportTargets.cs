using System.IO.Compression;
using MisuseLab.Analysis;

namespace MisuseLab.Analysis.Export;

/// <summary>Where export files go: a folder or a zip archive. Paths are relative, '/'-separated.</summary>
public interface IExportTarget
{
    Stream Create(string relativePath);
}

/// <summary>Writes into a folder that must be empty or not exist yet, so an export never mixes with an older one.</summary>
public sealed class DirectoryExportTarget : IExportTarget
{
    public DirectoryExportTarget(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        Directory = Path.GetFullPath(directory);
        if (System.IO.Directory.Exists(Directory) && System.IO.Directory.EnumerateFileSystemEntries(Directory).Any())
        {
            throw new AnalysisException($"Export folder '{Directory}' is not empty. Choose a new folder (an export never mixes with an older one) or empty it first.");
        }
        System.IO.Directory.CreateDirectory(Directory);
    }

    public string Directory { get; }

    public Stream Create(string relativePath)
    {
        var path = Path.GetFullPath(Path.Combine(Directory, relativePath));
        if (!path.StartsWith(Directory + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new ArgumentException($"Export path '{relativePath}' leaves the export folder.", nameof(relativePath));
        }
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        return new FileStream(path, FileMode.CreateNew, FileAccess.Write);
    }
}

/// <summary>Writes entries into a zip archive (the web download). Dispose to finish the archive.</summary>
public sealed class ZipExportTarget(Stream output) : IExportTarget, IDisposable
{
    private readonly ZipArchive _zip = new(output, ZipArchiveMode.Create, leaveOpen: true);

    public Stream Create(string relativePath) => _zip.CreateEntry(relativePath, CompressionLevel.Optimal).Open();

    public void Dispose() => _zip.Dispose();
}
