using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using MisuseLab.Storage.Dialects;

namespace MisuseLab.Storage.Migrations;

/// <summary>One numbered SQL file. <see cref="Sql"/> holds dialect tokens; <see cref="Render"/> replaces them.</summary>
public sealed partial record Migration(int Version, string Name, string FileName, string Sql)
{
    /// <summary>SHA-256 (hex) of the file with line endings normalised, so a checkout's line endings do not matter.</summary>
    /// <remarks>Computed on access so a <c>with</c> copy never carries a stale value.</remarks>
    public string Checksum => Convert.ToHexStringLower(
        SHA256.HashData(Encoding.UTF8.GetBytes(Sql.Replace("\r\n", "\n", StringComparison.Ordinal))));

    [GeneratedRegex(@"\{\{\s*([A-Za-z_]+)\s*\}\}")]
    internal static partial Regex TokenPattern();

    /// <summary>The SQL for <paramref name="dialect"/>; an unknown token is reported with file and line.</summary>
    public string Render(ISqlDialect dialect) => RenderTokens(Sql, FileName, dialect);

    internal static string RenderTokens(string sql, string fileName, ISqlDialect dialect) =>
        TokenPattern().Replace(sql, match =>
        {
            var token = match.Groups[1].Value;
            var replacement = dialect.MigrationToken(token);
            if (replacement is null)
            {
                var line = 1 + sql.AsSpan(0, match.Index).Count('\n');
                throw new MigrationException(
                    $"{fileName}, line {line}: unknown token '{match.Value}'. Known tokens: {{{{id}}}}, {{{{timestamp}}}}, " +
                    "{{bigint}}, {{bytes}}. Add new ones to both dialects' MigrationToken and Migrations/README.md.");
            }
            return replacement;
        });
}
