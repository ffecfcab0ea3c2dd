namespace Sluice.Graphs.Dsl;

/// <summary>
/// Exponential backoff for the Restart wrappers: the n-th restart waits
/// <c>min(MaxBackoff, MinBackoff * 2^(n-1))</c>, stretched by a random factor in <c>[1, 1 + RandomFactor]</c>.
/// At most <see cref="MaxRestarts"/> restarts (negative: unlimited) within <see cref="MaxRestartsWithin"/>; the
/// count starts again after a quiet window.
/// </summary>
/// <param name="MinBackoff">The first delay.</param>
/// <param name="MaxBackoff">The largest delay.</param>
/// <param name="RandomFactor">Jitter, 0 for none (0.2 adds up to 20%).</param>
public sealed record RestartSettings(TimeSpan MinBackoff, TimeSpan MaxBackoff, double RandomFactor)
{
    /// <summary>How many restarts are allowed within <see cref="MaxRestartsWithin"/>; negative for unlimited.</summary>
    public int MaxRestarts { get; init; } = -1;

    /// <summary>The window in which <see cref="MaxRestarts"/> counts (default: the minimum backoff's 2^10 multiple, i.e. effectively forever).</summary>
    public TimeSpan MaxRestartsWithin { get; init; } = TimeSpan.MaxValue;

    /// <summary>The delay before restart number <paramref name="restart"/> (1-based).</summary>
    public TimeSpan DelayFor(int restart, double random)
    {
        var exponent = Math.Min(Math.Max(restart - 1, 0), 30);
        var ticks = Math.Min(MaxBackoff.Ticks, MinBackoff.Ticks * Math.Pow(2, exponent));
        return TimeSpan.FromTicks((long)(ticks * (1 + (random * RandomFactor))));
    }

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MinBackoff, TimeSpan.Zero, nameof(MinBackoff));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxBackoff, MinBackoff, nameof(MaxBackoff));
        ArgumentOutOfRangeException.ThrowIfNegative(RandomFactor, nameof(RandomFactor));
    }
}
