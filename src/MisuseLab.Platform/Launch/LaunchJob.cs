namespace MisuseLab.Platform.Launch;

public enum LaunchState { Queued, Building, Launched, Failed }

/// <summary>
/// A launch queued, in progress or just finished: what the facilitator's version page shows while stimuli are built,
/// and what a caller awaits (<see cref="Completion"/>) instead of polling.
/// </summary>
public sealed class LaunchJob(long versionId, string actor, DateTimeOffset queuedAt)
{
    private readonly TaskCompletionSource<LaunchJob> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile string _message = "Queued behind other launches";
    private volatile LaunchState _state = LaunchState.Queued;

    public long VersionId { get; } = versionId;
    public string Actor { get; } = actor;
    public DateTimeOffset QueuedAt { get; } = queuedAt;
    public LaunchState State => _state;
    public string Message => _message;
    public DateTimeOffset? FinishedAt { get; private set; }

    /// <summary>True until the job has launched or failed.</summary>
    public bool IsPending => _state is LaunchState.Queued or LaunchState.Building;

    /// <summary>Completes (never faults) when the job has launched or failed; read <see cref="State"/> and <see cref="Message"/>.</summary>
    public Task<LaunchJob> Completion => _done.Task;

    internal void Report(string message) => _message = message;

    internal void Start() => _state = LaunchState.Building;

    internal void Finish(LaunchState state, string message, DateTimeOffset at)
    {
        _message = message;
        FinishedAt = at;
        _state = state;
        _done.TrySetResult(this);
    }
}
