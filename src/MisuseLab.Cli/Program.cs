using System.CommandLine;

var root = new RootCommand("MisuseLab: study how people use and misuse explanations of machine-learning models.");
return root.Parse(args).Invoke();
