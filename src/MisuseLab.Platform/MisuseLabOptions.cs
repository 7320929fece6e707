namespace MisuseLab.Platform;

/// <summary>Settings under <c>MisuseLab</c>. The database lives in its own section, <c>MisuseLab:Database</c>.</summary>
public sealed class MisuseLabOptions
{
    public const string SectionName = "MisuseLab";

    /// <summary>
    /// Demo mode: demo accounts are created (their passwords printed once to the console) and the demo studies launched,
    /// and a banner says so. Off unless configured: appsettings.Development.json turns it on for `dotnet run`, so a
    /// production deployment never creates demo accounts or prints a password.
    /// </summary>
    public bool Demo { get; set; }

    /// <summary>Study files (slugs in studies/) launched in demo mode, in this order; unset = <see cref="DefaultDemoStudies"/>.
    /// An array, so configuration replaces the default instead of appending to it.</summary>
    public string[]? DemoStudies { get; set; }

    public static readonly IReadOnlyList<string> DefaultDemoStudies = ["demo", "kaur2020"];

    /// <summary>
    /// Seeds of the sanity checks run for every explainer when a version is built (model and data randomization;
    /// default 5, the least StudySanityChecks accepts). 0 skips them, and the version pages then say none were run: for
    /// test suites that launch large studies many times, never for a real study.
    /// </summary>
    public int SanitySeeds { get; set; } = 5;

    /// <summary>Folder holding the UCI Adult files; null lets the data locator search its usual places.</summary>
    public string? DataDir { get; set; }
}
