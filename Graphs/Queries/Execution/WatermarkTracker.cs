using Sluice.Graphs.Queries.Plan;

namespace Sluice.Graphs.Queries.Execution;

/*
 * The global watermark of a micro-batch query (DESIGN 4.5 rule 1, Spark's WatermarkTracker). At the end of each batch,
 * per watermark input: if the batch had rows, its watermark becomes max(previous, max event time - delay); an input
 * that never had data counts as 0. An input idle for its idle timeout (no rows on the processing clock) advances to
 * now - delay instead, so windows close when input stops. The global value is the minimum (or maximum) over inputs
 * and never decreases. Only the global value is checkpointed: after a restart the inputs start again from nothing.
 */

/// <summary>Computes the global watermark of a query at the end of each batch.</summary>
internal sealed class WatermarkTracker(IReadOnlyList<WatermarkInput> inputs, WatermarkPolicy policy, long startMs)
{
    private readonly long?[] _watermarks = new long?[inputs.Count];
    private readonly long[] _lastDataMs = Enumerable.Repeat(startMs, inputs.Count).ToArray();

    /// <summary>The global watermark (the next batch runs with it).</summary>
    public long GlobalMs { get; private set; }

    public bool HasInputs => inputs.Count > 0;

    /// <summary>Restores the global watermark from the checkpoint.</summary>
    public void Restore(long globalMs) => GlobalMs = globalMs;

    /// <summary>Takes a batch's event-time statistics; returns true when the global watermark rose.</summary>
    public bool Update(EventTimeAccumulator[] stats, long nowMs)
    {
        for (var i = 0; i < inputs.Count; i++)
        {
            if (stats[i].Count > 0)
            {
                _lastDataMs[i] = nowMs;
                Raise(i, stats[i].Max - inputs[i].DelayMs);
            }
        }

        return Recompute(nowMs);
    }

    /// <summary>Advances idle inputs on the processing clock; returns true when the global watermark rose.</summary>
    public bool Recompute(long nowMs)
    {
        if (inputs.Count == 0)
        {
            return false;
        }

        for (var i = 0; i < inputs.Count; i++)
        {
            if (inputs[i].IdleTimeout is { } idle && nowMs - _lastDataMs[i] >= (long)idle.TotalMilliseconds)
            {
                Raise(i, nowMs - inputs[i].DelayMs);
            }
        }

        var chosen = policy == WatermarkPolicy.Min ? long.MaxValue : long.MinValue;
        foreach (var w in _watermarks)
        {
            var value = w ?? 0;
            chosen = policy == WatermarkPolicy.Min ? Math.Min(chosen, value) : Math.Max(chosen, value);
        }

        if (chosen > GlobalMs)
        {
            GlobalMs = chosen;
            return true;
        }

        return false;
    }

    /// <summary>When the next input would turn idle (for a trigger that waits for data), or null.</summary>
    public long? NextIdleDeadlineMs(long nowMs)
    {
        long? next = null;
        for (var i = 0; i < inputs.Count; i++)
        {
            if (inputs[i].IdleTimeout is { } idle)
            {
                var at = _lastDataMs[i] + (long)idle.TotalMilliseconds;
                if (at > nowMs && (next is null || at < next))
                {
                    next = at;
                }
            }
        }

        return next;
    }

    private void Raise(int input, long candidate)
    {
        if (_watermarks[input] is not { } current || candidate > current)
        {
            _watermarks[input] = candidate;
        }
    }
}
