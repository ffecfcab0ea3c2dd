using System.Diagnostics;

namespace Sluice.Benchmarks.Persistence;

/// <summary>Events over a measured time.</summary>
public readonly record struct Rate(long Events, TimeSpan Elapsed)
{
    public double PerSecond => Events / Elapsed.TotalSeconds;

    public static Rate Since(long events, long startTimestamp) => new(events, Stopwatch.GetElapsedTime(startTimestamp));
}
