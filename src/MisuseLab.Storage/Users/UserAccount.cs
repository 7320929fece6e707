namespace MisuseLab.Storage.Users;

/// <summary>An account row. <see cref="LockoutEnd"/> in the future means sign-in is refused until then.</summary>
public sealed record UserAccount(
    long Id,
    string Email,
    string PasswordHash,
    string Role,
    int FailedLogins,
    DateTimeOffset? LockoutEnd,
    DateTimeOffset CreatedAt)
{
    public bool IsLockedOut(DateTimeOffset now) => LockoutEnd is { } end && end > now;
}

/// <summary>State after a failed sign-in was counted.</summary>
public sealed record LoginFailure(int FailedLogins, DateTimeOffset? LockoutEnd);
