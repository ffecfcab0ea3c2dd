using System.Diagnostics;

namespace Sluice.Graphs.Queries.Execution;

/// <summary>
/// The end-to-end latencies of the rows of one epoch: groups of rows that were handed to the sink together, with the
/// milliseconds from when they entered the query to that moment. Percentiles are over rows (a group of n rows counts n
/// times), computed once when the epoch's progress is reported.
/// </summary>
internal sealed class LatencyRecorder
{
    private readonly List<(double Ms, long Rows)> _groups = [];
    private long _rows;

    /// <summary>Records <paramref name="rows"/> rows that entered at <paramref name="ingressTicks"/> and are handed over now.</summary>
    public void Record(long ingressTicks, long rows)
    {
        if (rows <= 0 || ingressTicks <= 0)
        {
            return;
        }

        _groups.Add((Stopwatch.GetElapsedTime(ingressTicks).TotalMilliseconds, rows));
        _rows += rows;
    }

    /// <summary>p50, p99 and max in milliseconds; empty when no row was recorded.</summary>
    public Dictionary<string, double> Percentiles()
    {
        var result = new Dictionary<string, double>();
        if (_rows == 0)
        {
            return result;
        }

        _groups.Sort(static (a, b) => a.Ms.CompareTo(b.Ms));
        result["p50"] = Percentile(0.50);
        result["p99"] = Percentile(0.99);
        result["max"] = Math.Round(_groups[^1].Ms, 3);
        return result;
    }

    private double Percentile(double p)
    {
        // The smallest latency such that at least p of the rows are at or below it.
        var rank = Math.Max(1, (long)Math.Ceiling(p * _rows));
        long seen = 0;
        foreach (var (ms, rows) in _groups)
        {
            seen += rows;
            if (seen >= rank)
            {
                return Math.Round(ms, 3);
            }
        }

        return Math.Round(_groups[^1].Ms, 3);
    }
}
