namespace MisuseLab.TestSupport;

/// <summary>
/// Waits for a condition the test can observe (a writer queued behind a lock, a count reached, a process gone), checking
/// it every few milliseconds up to a deadline. The test goes on the moment the event has happened, never after a guessed
/// sleep, and a deadline that passes fails with what was awaited and what was last seen.
/// </summary>
public static class Eventually
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(10);

    /// <param name="observe">Returns whether the condition holds and a description of what it saw (for the failure message).</param>
    public static async Task UntilAsync(Func<Task<(bool Holds, string Seen)>> observe, TimeSpan timeout, string awaited)
    {
        ArgumentNullException.ThrowIfNull(observe);
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var (holds, seen) = await observe();
            if (holds) return;
            if (DateTime.UtcNow >= deadline)
                throw new TimeoutException($"Waited {timeout.TotalSeconds:0.#} s for {awaited}; last seen: {seen}.");
            await Task.Delay(Interval);
        }
    }

    public static Task UntilAsync(Func<bool> condition, TimeSpan timeout, string awaited) =>
        UntilAsync(() => Task.FromResult((condition(), "not yet")), timeout, awaited);
}
