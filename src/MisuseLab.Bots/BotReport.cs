namespace MisuseLab.Bots;

/// <summary>
/// An answer the server acknowledged (autosave 204, or a page form answered with 303 to the next page): after that,
/// the answer must be stored whatever happens to the server.
/// </summary>
public sealed record AcknowledgedAnswer(string Email, string Item, string Value);

/// <summary>One participant that did not finish, and why (the first problem met).</summary>
public sealed record BotError(int Participant, string Email, string Message);

/// <summary>
/// Outcome of a run. <see cref="LatenciesMs"/> holds one entry per HTTP request that got a response (sorted);
/// <see cref="Requests"/> counts those plus requests that failed without one (<see cref="ConnectionFailures"/>).
/// <see cref="ServerErrors"/> counts 5xx answers; both are only survivable with <see cref="BotOptions.OutageTolerance"/>.
/// <see cref="StudyLatenciesMs"/> is the subset outside /account/ (sorted): the study's own pages, without the
/// deliberately slow password hashing of registration and login. <see cref="JoinLatenciesMs"/> holds the requests that
/// get a participant in (/join/, /resume/, /account/), <see cref="PageLatenciesMs"/> those under /study/ (both sorted).
/// <see cref="Stopped"/> counts bots that <see cref="BotOptions.Duration"/> stopped mid-study (not errors).
/// <see cref="ScreenedOut"/> counts bots the study's entry rule turned away after the background form (not errors).
/// </summary>
public sealed record BotReport(
    int Participants,
    int Completed,
    int Errors,
    IReadOnlyList<double> LatenciesMs,
    long Requests,
    double Seconds,
    IReadOnlyList<BotError> ErrorDetails,
    IReadOnlyList<AcknowledgedAnswer> Acknowledged,
    IReadOnlyList<string> CompletionCodes,
    long ServerErrors,
    long ConnectionFailures,
    IReadOnlyList<double> StudyLatenciesMs,
    IReadOnlyList<double>? JoinLatenciesMs = null,
    IReadOnlyList<double>? PageLatenciesMs = null,
    int Stopped = 0,
    int ScreenedOut = 0)
{
    /// <summary>The q-quantile of <see cref="JoinLatenciesMs"/> (/join/, /resume/, /account/: getting in), as <see cref="Percentile"/>.</summary>
    public double JoinPercentile(double q) => Quantile(JoinLatenciesMs ?? [], q);

    /// <summary>The q-quantile of <see cref="PageLatenciesMs"/> (/study/: pages, forms, autosaves), as <see cref="Percentile"/>.</summary>
    public double PagePercentile(double q) => Quantile(PageLatenciesMs ?? [], q);

    /// <summary>The q-quantile (0..1) of <see cref="LatenciesMs"/> by the nearest-rank method; 0 when there were no requests.</summary>
    public double Percentile(double q) => Quantile(LatenciesMs, q);

    /// <summary>The q-quantile of <see cref="StudyLatenciesMs"/>, as <see cref="Percentile"/>.</summary>
    public double StudyPercentile(double q) => Quantile(StudyLatenciesMs, q);

    private static double Quantile(IReadOnlyList<double> sorted, double q)
    {
        if (q is < 0 or > 1) throw new ArgumentOutOfRangeException(nameof(q), q, "Expected a quantile from 0 to 1.");
        if (sorted.Count == 0) return 0;
        var rank = (int)Math.Ceiling(q * sorted.Count);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Count - 1)];
    }
}
