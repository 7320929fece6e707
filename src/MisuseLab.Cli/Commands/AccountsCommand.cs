using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using MisuseLab.Cli.Infrastructure;
using MisuseLab.Platform.Accounts;
using MisuseLab.Storage.Audit;
using MisuseLab.Storage.Users;

namespace MisuseLab.Cli.Commands;

/// <summary><c>misuselab accounts reset-link --email ADDRESS</c>: a single-use password reset link, printed for the operator to hand over.</summary>
public static class AccountsCommand
{
    public static Command Create()
    {
        var accounts = new Command("accounts", "Account recovery (see also 'users' for adding, listing, unlocking and deleting accounts).");
        accounts.Subcommands.Add(CreateResetLink());
        return accounts;
    }

    private static Command CreateResetLink()
    {
        var command = new Command("reset-link", $"Issue a password reset link (single use, expires after {PasswordResetOptions.Section}:ExpiryMinutes, default 60) and print it. Only its hash is stored.");
        var email = new Option<string>("--email") { Description = "E-mail address of the account.", Required = true };
        command.Options.Add(email);
        var database = DatabaseCliOptions.AddTo(command);
        command.SetAction((parseResult, cancellationToken) => CliErrors.RunAsync(parseResult, async output =>
        {
            var connections = await database.OpenAsync(parseResult, migrate: true, cancellationToken);
            var options = new PasswordResetOptions();
            CliConfiguration.Load().GetSection(PasswordResetOptions.Section).Bind(options);
            var resets = new PasswordResets(new UserRepository(connections), new PasswordResetRepository(connections),
                new AuditLog(connections, DatabaseCliOptions.AuditKeys(parseResult)), Options.Create(options), TimeProvider.System);
            var link = await resets.IssueAsync(parseResult.GetValue(email)!, AuditActor.System("cli"), cancellationToken)
                       ?? throw new ArgumentException($"No account with e-mail '{parseResult.GetValue(email)}'. List accounts with: misuselab users list");
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"Reset link for {link.Email} (works once, until {link.ExpiresAt:yyyy-MM-dd HH:mm} UTC):"));
            await output.WriteLineAsync(link.Url.StartsWith('/') ? "<the site's address>" + link.Url + $"   (set {PasswordResetOptions.Section}:BaseUrl to print a full link)" : link.Url);
            return 0;
        }));
        return command;
    }
}
