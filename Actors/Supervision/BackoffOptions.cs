namespace Sluice.Actors.Supervision;

/// <summary>
/// How a <see cref="BackoffSupervisor"/> restarts its child: after <c>min * 2^n</c> (capped at max) with a
/// random extra of up to <see cref="RandomFactor"/>, counting restarts until the child ran long enough.
/// </summary>
public sealed record BackoffOptions
{
    private BackoffOptions(Props childProps, string childName, TimeSpan minBackoff, TimeSpan maxBackoff, double randomFactor, bool onFailure)
    {
        ArgumentNullException.ThrowIfNull(childProps);
        ArgumentException.ThrowIfNullOrEmpty(childName);
        if (minBackoff <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(minBackoff), minBackoff, "minBackoff must be positive.");
        if (maxBackoff < minBackoff) throw new ArgumentOutOfRangeException(nameof(maxBackoff), maxBackoff, "maxBackoff must be at least minBackoff.");
        if (randomFactor is < 0 or > 1) throw new ArgumentOutOfRangeException(nameof(randomFactor), randomFactor, "randomFactor must be between 0 and 1.");
        ChildProps = childProps;
        ChildName = childName;
        MinBackoff = minBackoff;
        MaxBackoff = maxBackoff;
        RandomFactor = randomFactor;
        RestartOnFailureOnly = onFailure;
        ResetAfter = minBackoff;
    }

    /// <summary>Restarts the child whenever it stops, for any reason (e.g. a persistent actor whose journal write failed).</summary>
    public static BackoffOptions OnStop(Props childProps, string childName, TimeSpan minBackoff, TimeSpan maxBackoff, double randomFactor) =>
        new(childProps, childName, minBackoff, maxBackoff, randomFactor, onFailure: false);

    /// <summary>Restarts the child when it throws; a child that stops normally stays stopped and so does the supervisor.</summary>
    public static BackoffOptions OnFailure(Props childProps, string childName, TimeSpan minBackoff, TimeSpan maxBackoff, double randomFactor) =>
        new(childProps, childName, minBackoff, maxBackoff, randomFactor, onFailure: true);

    /// <summary>The child's recipe.</summary>
    public Props ChildProps { get; }

    /// <summary>The child's name.</summary>
    public string ChildName { get; }

    /// <summary>The first delay.</summary>
    public TimeSpan MinBackoff { get; }

    /// <summary>The longest delay.</summary>
    public TimeSpan MaxBackoff { get; }

    /// <summary>Up to this fraction of the delay is added at random, so that many children do not restart in step.</summary>
    public double RandomFactor { get; }

    /// <summary>True: restart only after exceptions; false: after any stop.</summary>
    public bool RestartOnFailureOnly { get; }

    /// <summary>A child that has run this long resets the restart count (automatic reset). Null: only <see cref="BackoffSupervisor.Reset"/> resets it.</summary>
    public TimeSpan? ResetAfter { get; init; }

    /// <summary>Gives up (and stops the supervisor) after this many restarts without a reset; -1 = never.</summary>
    public int MaxRestarts { get; init; } = -1;

    /// <summary>The delay before restart number <paramref name="restartCount"/> (0-based).</summary>
    public TimeSpan DelayFor(int restartCount, double random) => Delay(MinBackoff, MaxBackoff, RandomFactor, restartCount, random);

    /// <summary>min * 2^restartCount, capped at max, plus up to randomFactor of it (random in [0, 1)), capped at max.</summary>
    internal static TimeSpan Delay(TimeSpan min, TimeSpan max, double randomFactor, int restartCount, double random)
    {
        var factor = Math.Pow(2, Math.Min(restartCount, 30));
        var ms = Math.Min(max.TotalMilliseconds, min.TotalMilliseconds * factor);
        return TimeSpan.FromMilliseconds(Math.Min(max.TotalMilliseconds, ms * (1 + random * randomFactor)));
    }
}
