using System.CommandLine;

var root = new RootCommand("MisuseLab: study how people use and misuse explanations of machine-learning models.");
root.Subcommands.Add(MisuseLab.Cli.Commands.DataCommand.Create());
root.Subcommands.Add(MisuseLab.Cli.Commands.InjectCommand.Create());
return root.Parse(args).Invoke();
