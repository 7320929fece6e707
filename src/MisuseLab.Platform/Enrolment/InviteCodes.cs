using MisuseLab.Platform.Audit;
using MisuseLab.Storage;
using MisuseLab.Storage.Participants;
using MisuseLab.Storage.Studies;

namespace MisuseLab.Platform.Enrolment;

/// <summary>Generates single-use invite codes; /join/{slug}?code=… consumes them in the enrolment transaction.</summary>
public sealed class InviteCodes(ParticipantRepository participants, StudyAudit audit, TimeProvider clock)
{
    public const int MaxPerRequest = 500;

    /// <summary>12 characters of Crockford base32: 60 random bits, so codes cannot be guessed.</summary>
    public const int CodeLength = 12;

    public async Task<IReadOnlyList<string>> GenerateAsync(StudyRecord study, int count, string actor, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, MaxPerRequest);
        for (var attempt = 0; ; attempt++)
        {
            var codes = Enumerable.Range(0, count).Select(_ => ParticipantRepository.NewCode(CodeLength)).Distinct(StringComparer.Ordinal).ToList();
            if (codes.Count != count) continue;
            try
            {
                // The audit records how many, never the codes: they are credentials. It commits with the codes.
                await participants.AddInviteCodesAsync(study.Id, codes, clock.GetUtcNow(),
                    audit.InTransaction<int>(n => StudyAudit.Record(actor, "study.invites-generated", StudyAudit.StudyEntity(study.Slug), new { count = n })), cancellationToken);
            }
            catch (DuplicateKeyException) when (attempt < 3)
            {
                continue; // a 60-bit collision with a stored code: draw again
            }
            return codes;
        }
    }

    /// <summary>What the list shows of a code after it was handed out: enough to tell codes apart, not enough to use one.</summary>
    public static string Mask(string code) => code.Length <= 4 ? "••••" : code[..4] + new string('•', code.Length - 4);
}
