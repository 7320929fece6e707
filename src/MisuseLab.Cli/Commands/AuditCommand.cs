using System.CommandLine;
using System.Text.Json;
using MisuseLab.Cli.Infrastructure;
using MisuseLab.Storage.Audit;

namespace MisuseLab.Cli.Commands;

/// <summary>
/// <c>misuselab audit verify [--expect-head SEQ:HASH] [--json]</c>: re-computes the keyed audit chain and prints its head;
/// exit 0 when intact (and, with --expect-head, still holding that head), 1 when broken.
/// </summary>
public static class AuditCommand
{
    public static Command Create()
    {
        var audit = new Command("audit", "Inspect the tamper-evident audit log.");
        var verify = new Command("verify", "Re-compute every entry's HMAC and link; report OK and the head, or the first broken entry.");
        var json = new Option<bool>("--json") { Description = "Print the result as JSON." };
        var expectHead = new Option<string?>("--expect-head")
        {
            Description = "SEQ:HASH recorded earlier (an export's audit-head.txt, a backup note): fails when that entry is missing or differs, i.e. when the newest entries were deleted.",
        };
        verify.Options.Add(json);
        verify.Options.Add(expectHead);
        var database = DatabaseCliOptions.AddTo(verify);
        verify.SetAction((parseResult, cancellationToken) => CliErrors.RunAsync(parseResult, async output =>
        {
            AuditHead? expected = null;
            if (parseResult.GetValue(expectHead) is { } text)
            {
                try
                {
                    expected = AuditHead.Parse(text.Trim());
                }
                catch (FormatException e)
                {
                    throw new ArgumentException($"--expect-head: {e.Message}", e);
                }
            }
            var connections = await database.OpenAsync(parseResult, migrate: false, cancellationToken);
            var result = await new AuditVerifier(connections, DatabaseCliOptions.AuditKeys(parseResult)).VerifyAsync(expected, cancellationToken);
            if (parseResult.GetValue(json))
            {
                await output.WriteLineAsync(JsonSerializer.Serialize(new
                {
                    valid = result.IsValid,
                    entriesChecked = result.EntriesChecked,
                    brokenSeq = result.BrokenSeq,
                    reason = result.Reason,
                    head = result.Head.ToString(),
                    headSeq = result.Head.Seq,
                    headHash = result.Head.Hash,
                    unkeyedEntries = result.UnkeyedEntries,
                }));
            }
            else if (result.IsValid)
            {
                var unkeyed = result.UnkeyedEntries > 0 ? $" The first {result.UnkeyedEntries} entries predate keying (plain SHA-256)." : "";
                await output.WriteLineAsync($"OK: {result.EntriesChecked} entries, chain intact.{unkeyed} Head {result.Head} (record it with your backups; check later with --expect-head {result.Head}).");
            }
            else
            {
                await output.WriteLineAsync($"BROKEN at seq {result.BrokenSeq}: {result.Reason} ({result.EntriesChecked} entries before it are intact; last intact head {result.Head}.)");
            }
            return result.IsValid ? 0 : 1;
        }));
        audit.Subcommands.Add(verify);
        return audit;
    }
}
