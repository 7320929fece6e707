using System.CommandLine;
using MisuseLab.Cli.Commands;

var root = new RootCommand("MisuseLab: study how people use and misuse explanations of machine-learning models.");
root.Subcommands.Add(UsersCommand.Create());
root.Subcommands.Add(AuditCommand.Create());
root.Subcommands.Add(BackupCommand.Create());
return root.Parse(args).Invoke();
