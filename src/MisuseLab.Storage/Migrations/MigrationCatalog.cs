using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;

namespace MisuseLab.Storage.Migrations;

/// <summary>Finds the numbered migration files embedded in an assembly.</summary>
public static partial class MigrationCatalog
{
    [GeneratedRegex(@"\.Migrations\.(?<version>\d{4})_(?<name>[A-Za-z0-9_]+)\.sql$")]
    private static partial Regex ResourcePattern();

    private static readonly Lazy<IReadOnlyList<Migration>> EmbeddedMigrations = new(() => Load(typeof(MigrationCatalog).Assembly));

    /// <summary>The migrations shipped in MisuseLab.Storage, ordered by version.</summary>
    public static IReadOnlyList<Migration> Embedded => EmbeddedMigrations.Value;

    /// <summary>Every <c>Migrations/NNNN_name.sql</c> resource of <paramref name="assembly"/>, ordered by version.</summary>
    public static IReadOnlyList<Migration> Load(Assembly assembly)
    {
        var migrations = new List<Migration>();
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            var match = ResourcePattern().Match(resource);
            if (!match.Success)
            {
                if (resource.EndsWith(".sql", StringComparison.OrdinalIgnoreCase) && resource.Contains(".Migrations.", StringComparison.Ordinal))
                {
                    throw new MigrationException(
                        $"Embedded migration '{resource}' is not named NNNN_snake_case.sql (four digits, underscore, letters/digits/underscores).");
                }
                continue;
            }
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            var version = int.Parse(match.Groups["version"].Value, CultureInfo.InvariantCulture);
            var name = match.Groups["name"].Value;
            migrations.Add(new Migration(version, name, $"{match.Groups["version"].Value}_{name}.sql", reader.ReadToEnd()));
        }
        migrations.Sort((a, b) => a.Version.CompareTo(b.Version));
        for (var i = 1; i < migrations.Count; i++)
        {
            if (migrations[i].Version == migrations[i - 1].Version)
            {
                throw new MigrationException(
                    $"Two migrations share version {migrations[i].Version}: {migrations[i - 1].FileName} and {migrations[i].FileName}. " +
                    "Renumber the newer file to the next free number.");
            }
        }
        return migrations;
    }
}
