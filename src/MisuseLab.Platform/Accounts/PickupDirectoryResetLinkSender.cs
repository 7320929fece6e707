using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;

namespace MisuseLab.Platform.Accounts;

/// <summary>
/// Writes each reset link as a small RFC 5322 message into a pickup directory, for a mail relay (or, in Development, the
/// developer) to deliver. The log says a file was written, never the link.
/// </summary>
public sealed class PickupDirectoryResetLinkSender(string directory, ILogger<PickupDirectoryResetLinkSender> logger) : IResetLinkSender
{
    public async Task SendAsync(ResetLink link, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(link);
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, string.Create(CultureInfo.InvariantCulture, $"{DateTime.UtcNow:yyyyMMddTHHmmssfff}-{Guid.NewGuid():N}.eml"));
        var message = new StringBuilder()
            .Append("To: ").Append(link.Email).Append("\r\n")
            .Append("Subject: Reset your MisuseLab password\r\n")
            .Append("Content-Type: text/plain; charset=utf-8\r\n\r\n")
            .Append("Someone asked to reset the password of this account. If it was you, open this link to choose a new password:\r\n\r\n")
            .Append(link.Url).Append("\r\n\r\n")
            .Append(CultureInfo.InvariantCulture, $"The link works once, until {link.ExpiresAt:yyyy-MM-dd HH:mm} UTC. If you did not ask, ignore this message.\r\n")
            .ToString();
        await File.WriteAllTextAsync(path, message, Encoding.UTF8, cancellationToken);
        logger.LogInformation("A password reset message was written to {Path}.", path);
    }
}
