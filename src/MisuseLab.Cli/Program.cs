using System.CommandLine;

var root = new RootCommand("MisuseLab: study how people use and misuse explanations of machine-learning models.");
root.Subcommands.Add(MisuseLab.Cli.Commands.DataCommand.Create());
root.Subcommands.Add(MisuseLab.Cli.Commands.TrainCommand.Create());
root.Subcommands.Add(MisuseLab.Cli.Commands.InjectCommand.Create());
root.Subcommands.Add(MisuseLab.Cli.Commands.StudiesCommand.Create());
root.Subcommands.Add(MisuseLab.Cli.Commands.StimuliCommand.Create());
root.Subcommands.Add(MisuseLab.Cli.Commands.LaunchCommand.Create());
root.Subcommands.Add(MisuseLab.Cli.Commands.UsersCommand.Create());
root.Subcommands.Add(MisuseLab.Cli.Commands.AuditCommand.Create());
root.Subcommands.Add(MisuseLab.Cli.Commands.BackupCommand.Create());
root.Subcommands.Add(MisuseLab.Cli.Commands.ExplainCommand.Create());
root.Subcommands.Add(MisuseLab.Cli.Commands.SanityCommand.Create());
root.Subcommands.Add(MisuseLab.Cli.Commands.ExportCommand.Create());
root.Subcommands.Add(MisuseLab.Cli.Commands.BenchCommand.Create());
root.Subcommands.Add(MisuseLab.Cli.Commands.BotsCommand.Create());
root.Subcommands.Add(MisuseLab.Cli.Commands.RemedyCommand.Create());
return root.Parse(args).Invoke();
