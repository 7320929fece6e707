namespace MisuseLab.Learning.Explainers;

/// <summary>
/// SplitMix64 (Steele, Lea &amp; Flood 2014): a tiny, fully specified generator, so permutations are identical
/// across .NET versions and platforms. <see cref="Derive"/> gives independent streams per (seed, a, b), so parallel
/// work (feature × repeat) does not depend on scheduling order.
/// </summary>
internal struct SeededRandom(ulong state)
{
    private ulong _state = state;

    public static SeededRandom Derive(int seed, int a, int b = 0)
    {
        var s = Mix((ulong)(uint)seed + 0x9E3779B97F4A7C15UL);
        s = Mix(s ^ ((ulong)(uint)a + 0xD1B54A32D192ED03UL));
        s = Mix(s ^ ((ulong)(uint)b + 0x8CB92BA72F3D8DD7UL));
        return new SeededRandom(s);
    }

    public ulong NextULong()
    {
        _state += 0x9E3779B97F4A7C15UL;
        return Mix(_state);
    }

    /// <summary>Uniform integer in [0, n) by Lemire's multiply-and-reject (no modulo bias).</summary>
    public int NextInt(int n)
    {
        var bound = (ulong)n;
        while (true)
        {
            var product = Math.BigMul(NextULong(), bound, out var low);
            if (low >= (0UL - bound) % bound) return (int)product;
        }
    }

    /// <summary>Uniform double in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextULong() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Standard normal by Box–Muller (one of the pair; simplicity over speed).</summary>
    public double NextGaussian()
    {
        var u = 1.0 - NextDouble();
        var v = NextDouble();
        return Math.Sqrt(-2 * Math.Log(u)) * Math.Cos(2 * Math.PI * v);
    }

    /// <summary>Fisher–Yates shuffle in place.</summary>
    public void Shuffle<T>(Span<T> values)
    {
        for (var i = values.Length - 1; i > 0; i--)
        {
            var j = NextInt(i + 1);
            (values[i], values[j]) = (values[j], values[i]);
        }
    }

    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
