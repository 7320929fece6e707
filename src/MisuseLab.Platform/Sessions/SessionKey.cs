namespace MisuseLab.Platform.Sessions;

/// <summary>
/// What identifies a participant to <see cref="SessionService"/>: their account (<see cref="UserId"/>), or the sign-in
/// link they joined by (<see cref="LinkToken"/>, the token itself; only its hash is ever stored or looked up).
/// </summary>
public sealed record SessionKey
{
    private SessionKey(long? userId, string? linkToken) => (UserId, LinkToken) = (userId, linkToken);

    public long? UserId { get; }

    public string? LinkToken { get; }

    public static SessionKey Account(long userId) => new(userId, null);

    public static SessionKey Link(string token)
    {
        ArgumentException.ThrowIfNullOrEmpty(token);
        return new(null, token);
    }

    // Never print a token: it is a credential.
    public override string ToString() => UserId is { } id ? $"account {id}" : "link";
}
