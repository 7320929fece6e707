namespace MisuseLab.Web.Areas.Account;

/// <summary>Settings under <c>MisuseLab:Account</c>.</summary>
public sealed class AccountOptions
{
    /// <summary>Failed sign-ins in a row that lock the account (default 5).</summary>
    public int MaxFailedLogins { get; set; } = 5;

    /// <summary>How long a lockout lasts (default 15 minutes).</summary>
    public int LockoutMinutes { get; set; } = 15;

    /// <summary>How long a sign-in lasts without activity (sliding; default 8 hours).</summary>
    public int SessionHours { get; set; } = 8;
}
