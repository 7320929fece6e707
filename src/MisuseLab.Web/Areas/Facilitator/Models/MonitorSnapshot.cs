using System.Globalization;
using System.Text.Json.Serialization;
using MisuseLab.Platform.Monitoring;

namespace MisuseLab.Web.Areas.Facilitator.Models;

/// <summary>
/// The live monitor's numbers exactly as the page prints them: the monitor view renders the first snapshot, and
/// wwwroot/js/monitor.js puts each later one (from <c>GET /facilitator/versions/{id}/monitor/counts</c>) in the same
/// places. Statuses are lower-case names of <see cref="MonitorStatus"/>; times are UTC, formatted once, here.
/// <see cref="Participants"/> and <see cref="Totals"/> count real participants only; pilot participants (a pilot run's
/// invite codes) are counted in <see cref="PilotTotals"/> and <see cref="PilotParticipants"/>, and <see cref="PilotRun"/>
/// says where the facilitator's latest pilot run stands (null when none ran since the app started).
/// </summary>
public sealed record MonitorSnapshot(
    string At,
    int Participants,
    int? Target,
    IReadOnlyDictionary<string, int> Totals,
    IReadOnlyList<MonitorCellRow> Cells,
    IReadOnlyList<MonitorDropOutRow> DropOuts,
    IReadOnlyList<MonitorParticipantRow> People)
{
    public IReadOnlyDictionary<string, int> PilotTotals { get; init; } = MonitorSummary.Statuses.ToDictionary(Name, _ => 0);

    public int PilotParticipants { get; init; }

    public string? PilotRun { get; init; }

    /// <summary>The statuses in the order the page shows them, as the page names them.</summary>
    public static IReadOnlyList<string> StatusNames { get; } = MonitorSummary.Statuses.Select(Name).ToList();

    public static string Name(MonitorStatus status) => status == MonitorStatus.ScreenedOut ? "screened-out" : status.ToString().ToLowerInvariant();

    /// <summary>"12" or, when the study sets a target, "12 / 200".</summary>
    [JsonIgnore]
    public string ParticipantsText => Target is { } t ? $"{Participants} / {t}" : Participants.ToString(CultureInfo.InvariantCulture);

    public static MonitorSnapshot From(MonitorSummary summary, int? target, string? pilotRun = null) => new(
        summary.At.ToString("HH:mm:ss", CultureInfo.InvariantCulture),
        summary.Participants.Count - summary.PilotTotal,
        target,
        MonitorSummary.Statuses.ToDictionary(Name, summary.Total),
        summary.Cells.Select(cell => new MonitorCellRow(cell, MonitorSummary.Statuses.ToDictionary(Name, s => summary.Count(cell, s)), summary.CellTotal(cell))).ToList(),
        summary.DropOutsPerPage.Select(d => new MonitorDropOutRow(d.PageId, d.DropOuts)).ToList(),
        summary.Participants.OrderByDescending(p => p.Activity.LastActivityAt).Select(Row).ToList())
    {
        PilotTotals = MonitorSummary.Statuses.ToDictionary(Name, s => summary.PilotCounts.GetValueOrDefault(s)),
        PilotParticipants = summary.PilotTotal,
        PilotRun = pilotRun,
    };

    private static MonitorParticipantRow Row(MonitoredParticipant p) => new(
        p.Activity.Pseudonym,
        p.Activity.CellId,
        Name(p.Status),
        p.PageId,
        p.Activity.StartedAt.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
        p.Activity.LastActivityAt.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
        p.Idle.TotalHours >= 1 ? $"{(int)p.Idle.TotalHours} h {p.Idle.Minutes} min" : $"{p.Idle.Minutes} min {p.Idle.Seconds} s",
        p.Activity.Pilot);
}

/// <summary>One condition's row: participants per status (keyed by <see cref="MonitorSnapshot.StatusNames"/>) and in all.</summary>
public sealed record MonitorCellRow(string Cell, IReadOnlyDictionary<string, int> Counts, int Total);

/// <summary>Participants who left without finishing while on <see cref="Page"/>.</summary>
public sealed record MonitorDropOutRow(string Page, int DropOuts);

/// <summary>One participant as the monitor lists them (pseudonym only, never an e-mail address).</summary>
public sealed record MonitorParticipantRow(string Pseudonym, string Cell, string Status, string Page, string Started, string LastActivity, string Idle, bool Pilot = false);
