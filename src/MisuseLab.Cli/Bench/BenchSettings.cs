namespace MisuseLab.Cli.Bench;

/// <summary>
/// What <c>misuselab bench</c> measures and how. The model settings are the defaults the issues name
/// (GBDT: 100 trees, 20 leaves, learning rate 0.2; PFI: 5 repeats on the test set); the peers get the same ones.
/// </summary>
internal sealed record BenchSettings
{
    /// <summary>Timed runs per measurement after one warm-up; the reported figure is the best (minimum).</summary>
    public int Repeats { get; init; } = 3;

    /// <summary>Threads for every trainer and explainer, ours and the peers'.</summary>
    public int Threads { get; init; } = 2;

    public int Trees { get; init; } = 100;
    public int Leaves { get; init; } = 20;
    public double LearningRate { get; init; } = 0.2;
    public int MinLeafRows { get; init; } = 10;
    public int PfiRepeats { get; init; } = 5;

    /// <summary>
    /// The boosted-tree settings under a study file's hyperparameter names, so ours (gbdt) and ML.NET's (fasttree) get
    /// their options from the one mapping in <c>ModelFactory</c>; the rest stay at each trainer's defaults.
    /// </summary>
    public IReadOnlyDictionary<string, double> TreeHyperparameters => new Dictionary<string, double>(StringComparer.Ordinal)
    {
        ["trees"] = Trees,
        ["leaves"] = Leaves,
        ["learning_rate"] = LearningRate,
        ["min_leaf_rows"] = MinLeafRows,
        ["threads"] = Threads,
    };

    /// <summary>Concurrent simulated participants for the page-load measurements (burst, paced, throughput steps).</summary>
    public int Bots { get; init; } = 200;

    /// <summary>
    /// Participants who work through the study, unmeasured, before the burst (0 = none: the burst meets a server that
    /// has served nothing yet). The first requests of a new process pay for compiling its code (the JIT), which a lab
    /// server that has run its pilot sessions has paid already; a warm-up measures that server.
    /// </summary>
    public int WarmupBots { get; init; }

    /// <summary>Length of the paced run (issue 19: 2 minutes); tests shorten it.</summary>
    public int PacedSeconds { get; init; } = 120;

    /// <summary>A paced participant's think time per page, drawn uniformly (issue 19: 2–8 s); tests shorten it.</summary>
    public TimeSpan ThinkMin { get; init; } = TimeSpan.FromSeconds(2);

    /// <inheritdoc cref="ThinkMin"/>
    public TimeSpan ThinkMax { get; init; } = TimeSpan.FromSeconds(8);

    /// <summary>Length of each step of the throughput search.</summary>
    public int StepSeconds { get; init; } = 15;

    /// <summary>First rows of each split only (tests use a few hundred); null = all 32,561 / 16,281.</summary>
    public int? Rows { get; init; }

    /// <summary>Participants who submit their remedy choices at the same moment in the remedy bench (issue 17: 50).</summary>
    public int RemedyParticipants { get; init; } = 50;

    /// <summary>The study with a remedy page the remedy bench launches (default studies/kaur2020-utility.json).</summary>
    public string RemedyStudyPath { get; init; } = "";

    public string StudyPath { get; init; } = "";
    public bool SkipPeers { get; init; }
    public bool SkipLatency { get; init; }

    // Every remedy participant is in flight at once (the barrier), so their number is bounded by the bots' concurrency.
    private const int BotOptionsLimit = MisuseLab.Bots.BotOptions.MaxConcurrency;

    public void Validate()
    {
        var problems = new List<string>();
        if (Repeats < 1) problems.Add($"--repeats must be at least 1; found {Repeats}.");
        if (Threads < 1) problems.Add($"--threads must be at least 1; found {Threads}.");
        if (Bots < 1) problems.Add($"--bots must be at least 1; found {Bots}.");
        if (RemedyParticipants is < 1 or > BotOptionsLimit) problems.Add($"--remedy-participants must be from 1 to {BotOptionsLimit}; found {RemedyParticipants}.");
        if (WarmupBots < 0) problems.Add($"--warmup-bots must be 0 or more; found {WarmupBots}.");
        if (PacedSeconds < 1) problems.Add($"--paced-seconds must be at least 1; found {PacedSeconds}.");
        if (StepSeconds < 1) problems.Add($"--step-seconds must be at least 1; found {StepSeconds}.");
        if (ThinkMin < TimeSpan.Zero || ThinkMax < ThinkMin)
            problems.Add($"--think-ms must be MIN-MAX with 0 ≤ MIN ≤ MAX; found {ThinkMin.TotalMilliseconds}-{ThinkMax.TotalMilliseconds}.");
        if (Rows is < 100) problems.Add($"--rows must be at least 100 (both classes must occur); found {Rows}.");
        if (problems.Count > 0) throw new ArgumentException(string.Join(" ", problems));
    }
}
