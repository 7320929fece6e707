using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using MisuseLab.Bots;
using MisuseLab.Cli.Infrastructure;

namespace MisuseLab.Cli.Commands;

/// <summary>
/// <c>misuselab bots --url URL --study SLUG --participants N [--invite-codes FILE] [--concurrency C] [--policy P] [--seed S] [--json]</c>:
/// simulated participants through a running web app (oTree's bots). Exit 0 when every bot finished, 1 otherwise.
/// </summary>
public static class BotsCommand
{
    public static Command Create()
    {
        var command = new Command("bots", "Run simulated participants through a study on a running MisuseLab web app, over HTTP.");
        var url = new Option<string>("--url") { Description = "The web app's root, e.g. http://127.0.0.1:5000. Nothing else is contacted.", Required = true };
        var study = new Option<string>("--study") { Description = "The study's slug (its file's id), e.g. demo. Bots join through /join/{slug} (open enrolment).", Required = true };
        var participants = new Option<int>("--participants") { Description = $"How many bots, 1 to {BotOptions.MaxParticipants}.", DefaultValueFactory = _ => 10 };
        var concurrency = new Option<int>("--concurrency") { Description = $"Bots in flight at once, 1 to {BotOptions.MaxConcurrency}.", DefaultValueFactory = _ => 4 };
        var policy = new Option<string>("--policy") { Description = "trusting (high ratings), sceptical (low ratings), random (seeded) or oracle (locates every defect and picks every real fix; needs --study-file).", DefaultValueFactory = _ => "random" };
        policy.AcceptOnlyFromAmong("trusting", "sceptical", "random", "oracle");
        var studyFile = new Option<string?>("--study-file") { Description = "The study's file: the oracle policy answers locate and remedy pages from its defects and remedies." };
        var screenOutEvery = new Option<int>("--screen-out-every") { Description = "With --study-file of a study that screens: every N-th bot answers outside the entry rule (0: every bot is admitted).", DefaultValueFactory = _ => 0 };
        var seed = new Option<int>("--seed") { Description = "Seed of the answers: bot i uses seed + i.", DefaultValueFactory = _ => 1 };
        var twice = new Option<bool>("--submit-twice") { Description = "Send every answer and every page twice at once (double clicks)." };
        var reconnect = new Option<bool>("--reconnect") { Description = "Each bot drops its cookies halfway and signs in again." };
        var timeout = new Option<int>("--timeout-seconds") { Description = "Stop the whole run after this many seconds.", DefaultValueFactory = _ => 600 };
        var json = new Option<bool>("--json") { Description = "Print the summary as one JSON object." };
        var inviteCodes = new Option<string?>("--invite-codes")
        {
            Description = "For a study by invitation: a file of single-use codes, one per line (or the invitation links, …?code=CODE, as the facilitator's invite page lists them); bot i uses line i.",
        };
        foreach (var option in new Option[] { url, study, participants, concurrency, policy, seed, twice, reconnect, timeout, json, inviteCodes, studyFile, screenOutEvery })
        {
            command.Options.Add(option);
        }

        command.SetAction((parseResult, cancellationToken) => CliErrors.RunAsync(parseResult, async output =>
        {
            if (!Uri.TryCreate(parseResult.GetValue(url), UriKind.Absolute, out var baseUrl))
            {
                throw new ArgumentException($"--url: expected an absolute URL like http://127.0.0.1:5000; found '{parseResult.GetValue(url)}'.");
            }
            var options = new BotOptions
            {
                BaseUrl = baseUrl,
                StudySlug = parseResult.GetValue(study)!,
                Participants = parseResult.GetValue(participants),
                Concurrency = parseResult.GetValue(concurrency),
                Policy = Enum.Parse<BotPolicy>(parseResult.GetValue(policy)!, ignoreCase: true),
                Seed = parseResult.GetValue(seed),
                SubmitTwice = parseResult.GetValue(twice),
                Reconnect = parseResult.GetValue(reconnect),
                Timeout = TimeSpan.FromSeconds(parseResult.GetValue(timeout)),
                InviteCodes = parseResult.GetValue(inviteCodes) is { } file ? ReadInviteCodes(file) : null,
                Tasks = parseResult.GetValue(studyFile) is { } path ? Knowledge(Study.Definitions.StudyDefinitionLoader.Load(path)) : null,
                Screening = parseResult.GetValue(studyFile) is { } screened && Study.Definitions.StudyDefinitionLoader.Load(screened).Screening is { } rule
                    ? new ScreeningKnowledge(rule.Item, rule.Min, rule.Max, parseResult.GetValue(screenOutEvery)) : null,
            };
            var report = await BotRunner.RunAsync(options, cancellationToken: cancellationToken);
            if (parseResult.GetValue(json))
            {
                await output.WriteLineAsync(JsonSerializer.Serialize(Summary(report)));
            }
            else
            {
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"{report.Completed} of {report.Participants} bots finished {options.StudySlug}{(report.ScreenedOut > 0 ? $" ({report.ScreenedOut} screened out)" : "")} in {report.Seconds:F1} s; {report.Requests} requests, " +
                    $"latency p50 {report.Percentile(0.50):F1} ms, p95 {report.Percentile(0.95):F1} ms, p99 {report.Percentile(0.99):F1} ms."));
                foreach (var error in report.ErrorDetails.Take(10))
                {
                    await output.WriteLineAsync($"  bot {error.Participant} ({error.Email}): {error.Message}");
                }
                if (report.ErrorDetails.Count > 10) await output.WriteLineAsync($"  … and {report.ErrorDetails.Count - 10} more.");
            }
            return report.Errors == 0 ? 0 : 1;
        }));
        return command;
    }

    /// <summary>The ground truth an oracle bot is handed: the study file's defects as marks and its repairing remedies.</summary>
    public static TaskKnowledge Knowledge(Study.Definitions.StudyDefinition definition) =>
        new([.. Study.Remedies.OracleAnswers.Marks(definition).Select(m => new KeyValuePair<string, string?>(m.Column, m.Value))],
            Study.Remedies.OracleAnswers.Remedies(definition));

    /// <summary>Codes from a file: one per line, blank lines and <c>#</c> comments skipped; a link's <c>code</c> parameter is taken as its code.</summary>
    public static IReadOnlyList<string> ReadInviteCodes(string file)
    {
        if (!File.Exists(file)) throw new ArgumentException($"--invite-codes: no file '{file}'.");
        var codes = new List<string>();
        foreach (var raw in File.ReadAllLines(file))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var at = line.IndexOf("code=", StringComparison.Ordinal);
            codes.Add(at < 0 ? line : Uri.UnescapeDataString(line[(at + "code=".Length)..].Split('&')[0]));
        }
        return codes.Count > 0 ? codes : throw new ArgumentException($"--invite-codes: '{file}' holds no codes.");
    }

    /// <summary>The <c>--json</c> shape: participants, completed, errors, screened_out, latency_ms {p50, p95, p99}, requests, seconds.</summary>
    public static Dictionary<string, object> Summary(BotReport report) => new()
    {
        ["participants"] = report.Participants,
        ["completed"] = report.Completed,
        ["errors"] = report.Errors,
        ["screened_out"] = report.ScreenedOut,
        ["latency_ms"] = new Dictionary<string, double>
        {
            ["p50"] = Math.Round(report.Percentile(0.50), 2),
            ["p95"] = Math.Round(report.Percentile(0.95), 2),
            ["p99"] = Math.Round(report.Percentile(0.99), 2),
        },
        ["requests"] = report.Requests,
        ["seconds"] = Math.Round(report.Seconds, 3),
        ["error_details"] = report.ErrorDetails.Take(20).Select(e => new { participant = e.Participant, email = e.Email, message = e.Message }).ToList(),
    };
}
