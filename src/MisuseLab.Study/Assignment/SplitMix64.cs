namespace MisuseLab.Study.Assignment;

/// <summary>
/// SplitMix64 (Steele, Lea &amp; Flood 2014; Vigna's reference <c>splitmix64.c</c>). Hand-written rather than
/// <see cref="System.Random"/> because stored assignments are checked against the schedule forever: the schedule
/// must never change with a runtime upgrade, and this is a few lines of fixed integer arithmetic.
/// </summary>
internal struct SplitMix64(ulong state)
{
    private const ulong Golden = 0x9E3779B97F4A7C15UL;

    private ulong _state = state;

    public ulong Next()
    {
        _state += Golden;
        return Mix(_state);
    }

    /// <summary>Uniform integer in [0, bound) without modulo bias (rejects the 2^64 mod bound lowest outputs).</summary>
    public ulong NextBelow(ulong bound)
    {
        ulong threshold = (0UL - bound) % bound;
        while (true)
        {
            ulong r = Next();
            if (r >= threshold)
            {
                return r % bound;
            }
        }
    }

    /// <summary>SplitMix64's output function: a bijective 64-bit mixer.</summary>
    public static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
