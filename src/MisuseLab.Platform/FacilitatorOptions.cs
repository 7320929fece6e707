namespace MisuseLab.Platform;

/// <summary>Section <c>MisuseLab:Facilitator</c>.</summary>
public sealed class FacilitatorOptions
{
    public const string Section = "MisuseLab:Facilitator";

    /// <summary>A participant in progress with no activity for this long counts as dropped on the monitor (default 30).</summary>
    public int DropAfterMinutes { get; set; } = 30;

    /// <summary>
    /// A participant in progress with no activity for this long is marked abandoned, freeing their assignment place
    /// (default 240 = 4 hours; 0 = never). Set it above the longest break a participant may take mid-study.
    /// </summary>
    public int AbandonAfterMinutes { get; set; } = 240;

    /// <summary>How often the monitor page fetches new numbers and updates in place (default 15 s).</summary>
    public int MonitorRefreshSeconds { get; set; } = 15;
}
