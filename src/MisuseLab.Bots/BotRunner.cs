using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;

namespace MisuseLab.Bots;

/// <summary>
/// Runs simulated participants through a study over HTTP: each registers, joins, consents, answers the background
/// form and every page (autosaving each answer as the page script does), and finishes at the debrief.
/// </summary>
public static class BotRunner
{
    /// <summary>
    /// Runs <see cref="BotOptions.Participants"/> bots, <see cref="BotOptions.Concurrency"/> at a time.
    /// <paramref name="handler"/> replaces the network (a test server's handler); by default a socket handler is made
    /// for this run. Only <see cref="BotOptions.BaseUrl"/> is ever contacted.
    /// </summary>
    /// <exception cref="ArgumentException">The options are invalid; the message lists every problem.</exception>
    public static Task<BotReport> RunAsync(BotOptions options, HttpMessageHandler? handler = null, CancellationToken cancellationToken = default) =>
        RunAsync(options, new RunMetrics(), handler, cancellationToken);

    /// <param name="metrics">
    /// Counters the run adds to, readable while it runs: tests wait on them for what the bots have seen (an outage
    /// noticed) instead of sleeping.
    /// </param>
    internal static async Task<BotReport> RunAsync(BotOptions options, RunMetrics metrics, HttpMessageHandler? handler, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = options.Validate();
        if (problems.Count > 0) throw new ArgumentException("Invalid bot options: " + string.Join(" ", problems), nameof(options));

        var ownHandler = handler is null;
        handler ??= new SocketsHttpHandler
        {
            UseCookies = false, // each bot keeps its own jar over one shared connection pool
            AllowAutoRedirect = false,
            MaxConnectionsPerServer = options.Concurrency * 2,
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
            ConnectTimeout = TimeSpan.FromSeconds(10),
        };
        var runId = options.RunId ?? Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
        var acknowledged = new ConcurrentQueue<AcknowledgedAnswer>();
        var errors = new ConcurrentBag<BotError>();
        var codes = new ConcurrentBag<string>();
        var stopped = 0;
        var screenedOut = 0;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Timeout);
        // The end of a fixed-time run: a separate source, so a bot it stops is told apart from one the time limit stopped.
        using var end = new CancellationTokenSource();
        if (options.Duration is { } duration) end.CancelAfter(duration);
        using var running = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, end.Token);
        var started = Stopwatch.GetTimestamp();
        try
        {
            await Parallel.ForEachAsync(Enumerable.Range(0, options.Participants),
                new ParallelOptions { MaxDegreeOfParallelism = options.Concurrency, CancellationToken = CancellationToken.None },
                async (i, _) =>
                {
                    var email = string.Create(CultureInfo.InvariantCulture, $"bot-{runId}-{i}@bots.misuselab.example");
                    if (end.IsCancellationRequested && !timeout.IsCancellationRequested) return; // the run's time is up: no new participants
                    if (timeout.IsCancellationRequested)
                    {
                        errors.Add(new BotError(i, email, $"Not started: the run's time limit ({options.Timeout}) was reached."));
                        return;
                    }
                    var bot = new ParticipantBot(i, email, options, new BotHttp(handler, options.BaseUrl, metrics, options.Headers), acknowledged.Enqueue);
                    try
                    {
                        await bot.RunAsync(running.Token);
                        if (bot.ScreenedOut) Interlocked.Increment(ref screenedOut);
                        else codes.Add(bot.CompletionCode!);
                    }
                    catch (OperationCanceledException) when (end.IsCancellationRequested && !timeout.IsCancellationRequested)
                    {
                        Interlocked.Increment(ref stopped);
                    }
                    catch (OperationCanceledException) when (timeout.IsCancellationRequested)
                    {
                        errors.Add(new BotError(i, email, cancellationToken.IsCancellationRequested ? "Cancelled." : $"Stopped: the run's time limit ({options.Timeout}) was reached."));
                    }
                    catch (Exception e) when (e is BotException or ServerUnavailableException)
                    {
                        errors.Add(new BotError(i, email, e.Message));
                    }
                });
        }
        finally
        {
            if (ownHandler) handler.Dispose();
        }
        cancellationToken.ThrowIfCancellationRequested();
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        return new BotReport(options.Participants, codes.Count, errors.Count, metrics.SortedLatencies(), metrics.Requests, seconds,
            [.. errors.OrderBy(e => e.Participant)], [.. acknowledged], [.. codes], metrics.ServerErrors, metrics.ConnectionFailures,
            metrics.SortedStudyLatencies(), metrics.SortedJoinLatencies(), metrics.SortedPageLatencies(), stopped, screenedOut);
    }
}
