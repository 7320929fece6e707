using System.CommandLine;
using System.Text.Json;
using MisuseLab.Cli.Infrastructure;
using MisuseLab.Storage.Audit;

namespace MisuseLab.Cli.Commands;

/// <summary><c>misuselab audit verify [--json]</c>: re-computes the audit chain; exit 0 when intact, 1 when broken.</summary>
public static class AuditCommand
{
    public static Command Create()
    {
        var audit = new Command("audit", "Inspect the tamper-evident audit log.");
        var verify = new Command("verify", "Re-compute every entry's hash and link; report OK or the first broken entry.");
        var json = new Option<bool>("--json") { Description = "Print the result as JSON." };
        verify.Options.Add(json);
        var database = DatabaseCliOptions.AddTo(verify);
        verify.SetAction((parseResult, cancellationToken) => CliErrors.RunAsync(parseResult, async output =>
        {
            var connections = await database.OpenAsync(parseResult, migrate: false, cancellationToken);
            var result = await new AuditVerifier(connections).VerifyAsync(cancellationToken);
            if (parseResult.GetValue(json))
            {
                await output.WriteLineAsync(JsonSerializer.Serialize(new
                {
                    valid = result.IsValid,
                    entriesChecked = result.EntriesChecked,
                    brokenSeq = result.BrokenSeq,
                    reason = result.Reason,
                    headHash = result.HeadHash,
                }));
            }
            else if (result.IsValid)
            {
                await output.WriteLineAsync($"OK: {result.EntriesChecked} entries, chain intact. Head hash {result.HeadHash} (record it with your backups).");
            }
            else
            {
                await output.WriteLineAsync($"BROKEN at seq {result.BrokenSeq}: {result.Reason} ({result.EntriesChecked} entries before it are intact.)");
            }
            return result.IsValid ? 0 : 1;
        }));
        audit.Subcommands.Add(verify);
        return audit;
    }
}
