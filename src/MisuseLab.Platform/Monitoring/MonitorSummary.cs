using MisuseLab.Storage.Monitoring;
using MisuseLab.Storage.Participants;

namespace MisuseLab.Platform.Monitoring;

/// <summary>
/// How the monitor classes a participant. Dropped: in progress, but no activity for the drop-out time. ScreenedOut:
/// ended by the study's screening rule (counted under the cell enrolment first drew, whose slot went back to the pool).
/// </summary>
public enum MonitorStatus { Consented, Active, Dropped, Completed, Withdrawn, Abandoned, ScreenedOut }

public sealed record MonitoredParticipant(ParticipantActivity Activity, MonitorStatus Status, string PageId, TimeSpan Idle);

/// <summary>
/// Participants per cell and status, drop-outs per page (the page a person left on), and the participants. Pilot
/// participants (a pilot run's invite codes) are listed but counted apart: <see cref="PilotCounts"/>, never in
/// <see cref="Counts"/> or the drop-outs.
/// </summary>
public sealed record MonitorSummary(
    IReadOnlyList<string> Cells,
    IReadOnlyDictionary<(string Cell, MonitorStatus Status), int> Counts,
    IReadOnlyList<(string PageId, int DropOuts)> DropOutsPerPage,
    IReadOnlyList<MonitoredParticipant> Participants,
    TimeSpan DropAfter,
    DateTimeOffset At)
{
    public static readonly IReadOnlyList<MonitorStatus> Statuses = Enum.GetValues<MonitorStatus>();

    public int Count(string cell, MonitorStatus status) => Counts.TryGetValue((cell, status), out var n) ? n : 0;

    public int Total(MonitorStatus status) => Cells.Sum(c => Count(c, status));

    public int CellTotal(string cell) => Statuses.Sum(s => Count(cell, s));

    /// <summary>Pilot participants per status (every status present, zero when none).</summary>
    public IReadOnlyDictionary<MonitorStatus, int> PilotCounts { get; init; } = Statuses.ToDictionary(s => s, _ => 0);

    public int PilotTotal => PilotCounts.Values.Sum();

    /// <summary>
    /// Classifies <paramref name="activity"/> at <paramref name="now"/>. Drop-outs per page count everyone who left
    /// without finishing (dropped, abandoned, withdrawn) by the page they were on, in page order.
    /// </summary>
    public static MonitorSummary Build(IReadOnlyList<string> cells, IReadOnlyList<string> pageIds, IReadOnlyList<ParticipantActivity> activity, DateTimeOffset now, TimeSpan dropAfter)
    {
        var counts = new Dictionary<(string, MonitorStatus), int>();
        var pilots = Statuses.ToDictionary(s => s, _ => 0);
        var dropOuts = new int[pageIds.Count];
        var participants = new List<MonitoredParticipant>(activity.Count);
        foreach (var a in activity)
        {
            var idle = now - a.LastActivityAt;
            var status = a.Status switch
            {
                ParticipantStatus.Consented or ParticipantStatus.Active when idle >= dropAfter => MonitorStatus.Dropped,
                ParticipantStatus.Consented => MonitorStatus.Consented,
                ParticipantStatus.Active => MonitorStatus.Active,
                ParticipantStatus.Completed => MonitorStatus.Completed,
                ParticipantStatus.Withdrawn => MonitorStatus.Withdrawn,
                ParticipantStatus.ScreenedOut => MonitorStatus.ScreenedOut,
                _ => MonitorStatus.Abandoned,
            };
            var page = a.CurrentPage >= 0 && a.CurrentPage < pageIds.Count ? pageIds[a.CurrentPage] : $"#{a.CurrentPage}";
            if (a.Pilot)
            {
                pilots[status]++;
                participants.Add(new MonitoredParticipant(a, status, page, idle < TimeSpan.Zero ? TimeSpan.Zero : idle));
                continue;
            }
            counts[(a.CellId, status)] = counts.GetValueOrDefault((a.CellId, status)) + 1;
            if (status is MonitorStatus.Dropped or MonitorStatus.Abandoned or MonitorStatus.Withdrawn && a.CurrentPage >= 0 && a.CurrentPage < pageIds.Count)
            {
                dropOuts[a.CurrentPage]++;
            }
            participants.Add(new MonitoredParticipant(a, status, page, idle < TimeSpan.Zero ? TimeSpan.Zero : idle));
        }
        var allCells = cells.Concat(activity.Where(a => !a.Pilot).Select(a => a.CellId)).Distinct(StringComparer.Ordinal).ToList();
        return new MonitorSummary(allCells, counts, pageIds.Select((p, i) => (p, dropOuts[i])).ToList(), participants, dropAfter, now) { PilotCounts = pilots };
    }
}
