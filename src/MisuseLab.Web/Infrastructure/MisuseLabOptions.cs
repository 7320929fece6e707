namespace MisuseLab.Web.Infrastructure;

/// <summary>Settings under <c>MisuseLab</c>. The database lives in its own section, <c>MisuseLab:Database</c>.</summary>
public sealed class MisuseLabOptions
{
    public const string SectionName = "MisuseLab";

    /// <summary>Demo mode (default): a banner says so, and demo content may be offered. Turn off for real studies.</summary>
    public bool Demo { get; set; } = true;

    /// <summary>Folder holding the UCI Adult files; null lets the data locator search its usual places.</summary>
    public string? DataDir { get; set; }
}
