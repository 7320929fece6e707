namespace MisuseLab.Storage.Audit;

/// <summary>
/// Where the audit chain's HMAC keys come from: configuration section <c>MisuseLab:Audit</c>. Keys live outside the
/// database (environment, a mounted secret file) so that someone who can write the database cannot recompute the
/// chain. Each key has an id stored with every entry it hashed, so a key can be rotated without re-writing history.
/// </summary>
public sealed class AuditKeyOptions
{
    public const string SectionName = "MisuseLab:Audit";

    /// <summary>Key id → base64 key of at least 32 bytes, e.g. <c>MisuseLab__Audit__Keys__2026a=…</c>.</summary>
    public Dictionary<string, string> Keys { get; set; } = new(StringComparer.Ordinal);

    /// <summary>
    /// A file of <c>id=base64</c> lines (a mounted secret); its keys join <see cref="Keys"/>. Relative paths resolve
    /// against the app's content root (the CLI: the current directory).
    /// </summary>
    public string? KeyFile { get; set; }

    /// <summary>The id of the key new entries are hashed with; default: the last key of <see cref="KeyFile"/>, else the only key.</summary>
    public string? KeyId { get; set; }

    /// <summary>Where Development keeps the key it generates when none is configured (relative to the content root).</summary>
    public const string DevelopmentKeyFile = "App_Data/audit-development.key";
}
