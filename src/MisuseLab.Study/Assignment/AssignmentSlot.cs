namespace MisuseLab.Study.Assignment;

/// <summary>State of one place in a study's assignment schedule.</summary>
public enum SlotState
{
    /// <summary>Opened (e.g. pre-created by storage) but never taken. Reusable.</summary>
    Free,

    /// <summary>Taken by a participant who is still working.</summary>
    Active,

    /// <summary>Taken by a participant who finished.</summary>
    Completed,

    /// <summary>Its participant left (or timed out, as storage decides); the place is given to the next newcomer.</summary>
    Abandoned,
}

/// <summary>One stored place: its position in the schedule, the condition fixed at that position, and its state.</summary>
public sealed record AssignmentSlot(int Index, string Condition, SlotState State)
{
    /// <summary>A newcomer may take this place.</summary>
    public bool IsReusable => State is SlotState.Free or SlotState.Abandoned;

    /// <summary>A participant holds this place.</summary>
    public bool IsOccupied => State is SlotState.Active or SlotState.Completed;
}

/// <summary>
/// Where a newcomer goes. When <see cref="OpensNewSlot"/> is true storage inserts slot <see cref="SlotIndex"/>
/// (always one past the last stored slot); otherwise it re-uses the existing reusable slot with that index.
/// </summary>
public sealed record AssignmentDecision(int SlotIndex, string Condition, bool OpensNewSlot, int BlockIndex);

/// <summary>Per-condition slot counts, for monitoring balance.</summary>
public sealed record ConditionTally(string Condition, int Weight, int Active, int Completed, int Reusable)
{
    public int Occupied => Active + Completed;
}

/// <summary>Stored slots contradict the design (gap, duplicate index, or a condition the schedule does not put there).</summary>
public sealed class AssignmentStateException(string message) : Exception(message);
