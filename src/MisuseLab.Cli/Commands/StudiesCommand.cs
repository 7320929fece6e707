using System.CommandLine;
using MisuseLab.Cli.Infrastructure;
using MisuseLab.Study.Definitions;

namespace MisuseLab.Cli.Commands;

/// <summary><c>misuselab studies validate [FILE...] [--json]</c>: validates study files and lists every error and warning; <c>studies check FILE</c>: see <see cref="StudiesCheckCommand"/>.</summary>
public static class StudiesCommand
{
    public static Command Create()
    {
        var studies = new Command("studies", "Work with study files (studies/*.json).");
        studies.Subcommands.Add(CreateValidate());
        studies.Subcommands.Add(StudiesCheckCommand.Create());
        return studies;
    }

    private static Command CreateValidate()
    {
        var files = new Argument<string[]>("files") { Description = "Study files to validate (default: every study file in the repository's studies/ folder).", Arity = ArgumentArity.ZeroOrMore };
        var json = new Option<bool>("--json") { Description = "Write the results as JSON (file, valid, hash, errors with code, path, line, column, message, hint)." };
        var validate = new Command("validate", "Validate study files; exits 1 and lists every error when any file is invalid.");
        validate.Arguments.Add(files);
        validate.Options.Add(json);
        validate.SetAction(parseResult => CommandRunner.Run(parseResult, output =>
        {
            var paths = parseResult.GetValue(files) ?? [];
            if (paths.Length == 0)
            {
                var dir = StudyFiles.FindStudiesDirectory()
                    ?? throw new IOException("No files given and no studies/ folder found above the current directory (looked for MisuseLab.sln). Pass the study files to validate.");
                paths = StudyFiles.List(dir).ToArray();
            }
            var results = paths.Select(p => StudyDefinitionLoader.Validate(p)).ToList();
            if (parseResult.GetValue(json)) output.WriteLine(StudyValidationReport.ToJson(results));
            else output.Write(StudyValidationReport.ToText(results));
            return results.All(r => r.IsValid) ? CommandRunner.Success : CommandRunner.Failure;
        }));
        return validate;
    }
}
