namespace MisuseLab.Storage.Audit;

/// <summary>
/// The newest entry's seq and hash: recorded elsewhere (with an export, a backup) it lets <c>audit verify
/// --expect-head</c> detect deleted newest entries, which the chain alone cannot. Written <c>SEQ:HASH</c>.
/// </summary>
public sealed record AuditHead(long Seq, string Hash)
{
    public static readonly AuditHead Empty = new(0, AuditHash.Genesis);

    public override string ToString() => $"{Seq.ToString(System.Globalization.CultureInfo.InvariantCulture)}:{Hash}";

    public static AuditHead Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon > 0 && long.TryParse(text.AsSpan(0, colon), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seq)
            && text.Length - colon - 1 == 64 && text.AsSpan(colon + 1).ContainsOnlyHexLower())
        {
            return new AuditHead(seq, text[(colon + 1)..]);
        }
        throw new FormatException($"An audit head is SEQ:HASH (a number, ':', 64 lower-case hex digits); found '{text}'.");
    }
}

internal static class HexSpan
{
    public static bool ContainsOnlyHexLower(this ReadOnlySpan<char> span)
    {
        foreach (var c in span)
        {
            if (!char.IsAsciiHexDigitLower(c) && !char.IsAsciiDigit(c)) return false;
        }
        return true;
    }
}
