using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using MisuseLab.Platform.Accounts;

namespace MisuseLab.Web.Areas.Account;

public static class PasswordResetRegistration
{
    /// <summary>
    /// Reset links: options (<see cref="PasswordResetOptions.Section"/>), the use case, the background queue that answers
    /// requests alike, and the sender — a pickup directory when configured (Development: <c>App_Data/reset-links</c>),
    /// otherwise one that delivers nothing and logs the missing setting (never a link).
    /// </summary>
    public static IServiceCollection AddPasswordReset(this IServiceCollection services)
    {
        services.AddOptions<PasswordResetOptions>().BindConfiguration(PasswordResetOptions.Section)
            .Validate(o => o.ExpiryMinutes is >= 1 and <= 10_080, $"{PasswordResetOptions.Section}:ExpiryMinutes must be between 1 and 10080 (a week).")
            .ValidateOnStart();
        services.TryAddSingleton<PasswordResets>();
        services.TryAddSingleton<PasswordResetQueue>();
        services.AddHostedService(sp => sp.GetRequiredService<PasswordResetQueue>());
        services.TryAddSingleton<IResetLinkSender>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<PasswordResetOptions>>().Value;
            var environment = sp.GetRequiredService<IWebHostEnvironment>();
            var directory = !string.IsNullOrWhiteSpace(options.PickupDirectory) ? options.PickupDirectory
                : environment.IsDevelopment() ? Path.Combine(environment.ContentRootPath, "App_Data", "reset-links") : null;
            return directory is null
                ? new UnconfiguredResetLinkSender(sp.GetRequiredService<ILogger<UnconfiguredResetLinkSender>>())
                : new PickupDirectoryResetLinkSender(directory, sp.GetRequiredService<ILogger<PickupDirectoryResetLinkSender>>());
        });
        return services;
    }
}
