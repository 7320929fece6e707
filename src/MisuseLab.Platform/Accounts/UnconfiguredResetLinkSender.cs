using Microsoft.Extensions.Logging;

namespace MisuseLab.Platform.Accounts;

/// <summary>Production without a delivery setting: nothing is sent, and the log says which setting is missing (never the link).</summary>
public sealed class UnconfiguredResetLinkSender(ILogger<UnconfiguredResetLinkSender> logger) : IResetLinkSender
{
    public Task SendAsync(ResetLink link, CancellationToken cancellationToken)
    {
        logger.LogWarning("A password reset link was issued but not delivered: set {Setting} to a mail pickup directory. Admins can issue links on /account/delete or with 'misuselab accounts reset-link'.",
            PasswordResetOptions.Section + ":PickupDirectory");
        return Task.CompletedTask;
    }
}
