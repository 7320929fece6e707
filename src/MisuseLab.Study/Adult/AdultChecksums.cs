using System.Collections.Immutable;
using System.Security.Cryptography;
using MisuseLab.Learning;

namespace MisuseLab.Study.Adult;

/// <summary>
/// The SHA-256 of every UCI Adult file, from the repository's <c>data/SHA256SUMS</c> embedded in this assembly
/// (so a copied binary still knows what the files must be).
/// </summary>
public static class AdultChecksums
{
    private const string ResourceName = "MisuseLab.Study.Adult.SHA256SUMS";

    /// <summary>File name → lower-case hex SHA-256, in the order SHA256SUMS lists them.</summary>
    public static ImmutableArray<KeyValuePair<string, string>> Expected { get; } = LoadEmbedded();

    public static IEnumerable<string> FileNames => Expected.Select(e => e.Key);

    /// <summary>Throws <see cref="DataFormatException"/> naming the first file that is missing or differs.</summary>
    public static void Verify(string directory)
    {
        foreach (var (name, expected) in Expected)
            VerifyFile(Path.Combine(directory, name), expected);
    }

    public static void VerifyFile(string path, string expectedHash)
    {
        if (!File.Exists(path))
            throw new DataFormatException(
                $"{path}: expected the UCI Adult file '{Path.GetFileName(path)}' here; no such file. " +
                "Copy adult.data, adult.test and adult.names into this directory, or point --data-dir / MISUSELAB_DATA_DIR at a directory holding them.");
        var found = Hash(path);
        if (!string.Equals(found, expectedHash, StringComparison.OrdinalIgnoreCase))
            throw new DataFormatException(
                $"{path}: expected SHA-256 {expectedHash}; found {found}. The file is not the one UCI distributes " +
                "(truncated, edited or re-encoded): delete it so it is downloaded again, or copy the original from ../shared/data/adult.");
    }

    public static string Hash(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    /// <summary>Parses the <c>sha256sum</c> format: "&lt;64 hex&gt;  &lt;file name&gt;" per line.</summary>
    internal static ImmutableArray<KeyValuePair<string, string>> Parse(string text, string source)
    {
        var entries = ImmutableArray.CreateBuilder<KeyValuePair<string, string>>();
        var lineNumber = 0;
        foreach (var rawLine in text.Split('\n'))
        {
            lineNumber++;
            var line = rawLine.TrimEnd('\r');
            if (line.Length == 0) continue;
            var space = line.IndexOf(' ');
            var hash = space < 0 ? line : line[..space];
            var name = space < 0 ? "" : line[(space + 1)..].TrimStart(' ', '*');
            if (hash.Length != 64 || !hash.All(Uri.IsHexDigit) || name.Length == 0)
                throw new DataFormatException($"{source}, line {lineNumber}: expected '<64 hex digits>  <file name>'; found '{line}'. Regenerate it with `sha256sum adult.* > SHA256SUMS`.");
            entries.Add(new(name, hash.ToLowerInvariant()));
        }
        return entries.ToImmutable();
    }

    private static ImmutableArray<KeyValuePair<string, string>> LoadEmbedded()
    {
        using var stream = typeof(AdultChecksums).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The assembly should embed '{ResourceName}' (data/SHA256SUMS); it does not. Check the EmbeddedResource item in MisuseLab.Study.csproj.");
        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd(), "data/SHA256SUMS (embedded)");
    }
}
