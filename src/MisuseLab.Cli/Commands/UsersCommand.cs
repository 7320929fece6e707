using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using MisuseLab.Cli.Infrastructure;
using MisuseLab.Storage;
using MisuseLab.Storage.Audit;
using MisuseLab.Storage.Users;

namespace MisuseLab.Cli.Commands;

/// <summary><c>misuselab users add|list|unlock|delete</c>: accounts in the configured database.</summary>
public static class UsersCommand
{
    public static Command Create()
    {
        var users = new Command("users", "Manage accounts (the same accounts the web app signs in).");
        users.Subcommands.Add(CreateAdd());
        users.Subcommands.Add(CreateList());
        users.Subcommands.Add(CreateUnlock());
        users.Subcommands.Add(CreateDelete());
        return users;
    }

    private static Command CreateAdd()
    {
        var command = new Command("add", "Create an account with a role.");
        var email = new Option<string>("--email") { Description = "E-mail address (sign-in name).", Required = true };
        var password = new Option<string?>("--password") { Description = $"Password, at least {AccountPasswords.MinimumLength} characters. Prefer --password-stdin: arguments are visible to other users and shell history." };
        var passwordStdin = new Option<bool>("--password-stdin") { Description = "Read the password from the first line of standard input." };
        var role = new Option<string>("--role")
        {
            Description = $"One of: {string.Join(", ", Roles.All)}.",
            DefaultValueFactory = _ => Roles.Participant,
        };
        role.AcceptOnlyFromAmong([.. Roles.All]);
        command.Options.Add(email);
        command.Options.Add(password);
        command.Options.Add(passwordStdin);
        command.Options.Add(role);
        var database = DatabaseCliOptions.AddTo(command);

        command.SetAction((parseResult, cancellationToken) => CliErrors.RunAsync(parseResult, async output =>
        {
            var secret = parseResult.GetValue(passwordStdin) ? Console.In.ReadLine() : parseResult.GetValue(password);
            if (secret is null)
            {
                throw new ArgumentException("Give the password with --password-stdin (recommended) or --password.");
            }
            if (AccountPasswords.Check(secret) is { } problem)
            {
                throw new ArgumentException(problem);
            }
            var connections = await database.OpenAsync(parseResult, migrate: true, cancellationToken);
            // The entry names the account by id only (no e-mail in the chain), and commits with the insert.
            var audit = new AuditLog(connections, DatabaseCliOptions.AuditKeys(parseResult)).InTransaction<UserAccount>(a =>
                new AuditRecord(Actor(), "account.created", $"user/{a.Id}", JsonSerializer.Serialize(new { role = a.Role })));
            var account = await new UserRepository(connections).AddAsync(
                parseResult.GetValue(email)!, AccountPasswords.Hash(secret), parseResult.GetValue(role)!, DateTimeOffset.UtcNow, audit, cancellationToken);
            await output.WriteLineAsync($"Created {account.Role} account {account.Email} (id {account.Id}).");
            return 0;
        }));
        return command;
    }

    private static Command CreateList()
    {
        var command = new Command("list", "List accounts with role and lockout state.");
        var database = DatabaseCliOptions.AddTo(command);
        command.SetAction((parseResult, cancellationToken) => CliErrors.RunAsync(parseResult, async output =>
        {
            var connections = await database.OpenAsync(parseResult, migrate: false, cancellationToken);
            var now = DateTimeOffset.UtcNow;
            foreach (var account in await new UserRepository(connections).ListAsync(cancellationToken))
            {
                var state = account.IsLockedOut(now)
                    ? string.Create(CultureInfo.InvariantCulture, $"locked until {account.LockoutEnd:yyyy-MM-dd HH:mm} UTC")
                    : "active";
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{account.Id}\t{account.Email}\t{account.Role}\t{state}"));
            }
            return 0;
        }));
        return command;
    }

    private static Command CreateUnlock()
    {
        var command = new Command("unlock", "End a lockout after too many failed sign-ins.");
        var email = new Option<string>("--email") { Description = "E-mail address of the account.", Required = true };
        command.Options.Add(email);
        var database = DatabaseCliOptions.AddTo(command);
        command.SetAction((parseResult, cancellationToken) => CliErrors.RunAsync(parseResult, async output =>
        {
            var connections = await database.OpenAsync(parseResult, migrate: true, cancellationToken);
            var users = new UserRepository(connections);
            var account = await users.FindByEmailAsync(parseResult.GetValue(email)!, cancellationToken)
                          ?? throw new ArgumentException($"No account with e-mail '{parseResult.GetValue(email)}'. List accounts with: misuselab users list");
            await users.ResetLoginFailuresAsync(account.Id, new AuditLog(connections, DatabaseCliOptions.AuditKeys(parseResult))
                .InTransaction<long>(id => new AuditRecord(Actor(), "account.unlocked", $"user/{id}", "{}")), cancellationToken);
            await output.WriteLineAsync($"Unlocked {account.Email}.");
            return 0;
        }));
        return command;
    }

    private static Command CreateDelete()
    {
        var command = new Command("delete", "Delete an account: its e-mail address leaves the database (audit entries name accounts by id only); its study enrolments stay under their pseudonyms.");
        var email = new Option<string>("--email") { Description = "E-mail address of the account.", Required = true };
        command.Options.Add(email);
        var database = DatabaseCliOptions.AddTo(command);
        command.SetAction((parseResult, cancellationToken) => CliErrors.RunAsync(parseResult, async output =>
        {
            var connections = await database.OpenAsync(parseResult, migrate: true, cancellationToken);
            var deletion = new Platform.Accounts.AccountDeletion(new UserRepository(connections), new AccountEraser(connections),
                new AuditLog(connections, DatabaseCliOptions.AuditKeys(parseResult)));
            var outcome = await deletion.DeleteByEmailAsync(parseResult.GetValue(email)!, Actor(), cancellationToken);
            if (!outcome.Deleted) throw new ArgumentException(outcome.Message);
            await output.WriteLineAsync(outcome.Message);
            return 0;
        }));
        return command;
    }

    private static string Actor() => AuditActor.System("cli");
}
