using System.CommandLine;
using MisuseLab.Cli.Infrastructure;
using MisuseLab.Platform.Audit;
using MisuseLab.Platform.Studies;
using MisuseLab.Platform.Withdrawal;
using MisuseLab.Storage.Audit;
using MisuseLab.Storage.Participants;
using MisuseLab.Storage.Studies;

namespace MisuseLab.Cli.Commands;

/// <summary>
/// <c>misuselab participants delete --study SLUG --participant PSEUDONYM|COMPLETION-CODE</c>: erases a participant on
/// their request (answers, events, codes, invite code, the record; the slot is freed), as the facilitator page does,
/// audited as <c>system/cli</c>.
/// </summary>
public static class ParticipantsCommand
{
    public static Command Create()
    {
        var participants = new Command("participants", "Act on a study's participants.");
        participants.Subcommands.Add(CreateDelete());
        return participants;
    }

    private static Command CreateDelete()
    {
        var command = new Command("delete", "Delete everything stored about one participant (on their request); the audit log keeps the pseudonym only.");
        var study = new Option<string>("--study") { Description = "Study slug (the study file's id).", Required = true };
        var participant = new Option<string>("--participant") { Description = "The participant's pseudonym (P-…) or completion code.", Required = true };
        command.Options.Add(study);
        command.Options.Add(participant);
        var database = DatabaseCliOptions.AddTo(command);
        command.SetAction((parseResult, cancellationToken) => CliErrors.RunAsync(parseResult, async output =>
        {
            var connections = await database.OpenAsync(parseResult, migrate: true, cancellationToken);
            var studies = new StudyRepository(connections);
            var withdrawal = new ParticipantWithdrawal(new ParticipantEraser(connections), new ParticipantRepository(connections), studies,
                new StudyCatalog(studies), new StudyAudit(new AuditLog(connections, DatabaseCliOptions.AuditKeys(parseResult))), TimeProvider.System);
            var slug = parseResult.GetValue(study)!;
            var reference = parseResult.GetValue(participant)!;
            var outcome = await withdrawal.EraseOnRequestAsync(slug, reference, AuditActor.System("cli"), cancellationToken);
            if (outcome.Status != ErasureStatus.Erased)
            {
                throw new ArgumentException(ParticipantWithdrawal.Explain(outcome.Status, slug, reference));
            }
            await output.WriteLineAsync($"Deleted participant {outcome.Pseudonym} of {slug}: answers, events, codes, invite code and record; their slot is free. Audit action {ParticipantWithdrawal.Action}.");
            return 0;
        }));
        return command;
    }
}
