namespace MisuseLab.Platform.Accounts;

/// <summary>Section <c>MisuseLab:PasswordReset</c>: how long a reset link works and where links are delivered.</summary>
public sealed class PasswordResetOptions
{
    public const string Section = "MisuseLab:PasswordReset";

    /// <summary>Minutes a reset link works after it is issued (default 60).</summary>
    public int ExpiryMinutes { get; set; } = 60;

    /// <summary>
    /// The site's public address (e.g. <c>https://lab.example.org</c>) that links start with. Configured, never taken
    /// from the request: a forged Host header would otherwise send an owner a link to someone else's site. Without it,
    /// links are relative (fine for the Development pickup directory).
    /// </summary>
    public string? BaseUrl { get; set; }

    /// <summary>
    /// Directory a mail relay picks messages up from (one file per link). Development defaults to
    /// <c>App_Data/reset-links</c>; Production delivers nothing until this is set (requests are still answered alike).
    /// </summary>
    public string? PickupDirectory { get; set; }
}
