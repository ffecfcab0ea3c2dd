using Sluice.Graphs.StatefulFunctions;

namespace Sluice.Graphs.Tests.StatefulFunctions;

/// <summary>The user functions of Spark's FlatMapGroupsWithStateSuite timeout cases, shared by the unit and scenario tests.</summary>
internal static class SparkStateFunctions
{
    public static DateTimeOffset Sec(long seconds) => DateTimeOffset.FromUnixTimeMilliseconds(seconds * 1000);

    /// <summary>Counts rows per key with a 10 s processing-time timeout; a timed-out key is removed and emits -1.</summary>
    public static (string, int) CountOrExpire(string key, IReadOnlyList<string> values, GroupState<int> state)
    {
        if (state.HasTimedOut)
        {
            state.Remove();
            return (key, -1);
        }

        var count = state.GetOrDefault(0) + values.Count;
        state.Update(count);
        state.SetTimeoutDuration(TimeSpan.FromSeconds(10));
        return (key, count);
    }

    /// <summary>Keeps the max event time (seconds) per key with an event-time timeout at max + 5 s; a timed-out key emits -1.</summary>
    public static IEnumerable<(string, long)> MaxTimeOrExpire(string key, IReadOnlyList<(string Key, long Seconds)> values, GroupState<long> state)
    {
        if (state.HasTimedOut)
        {
            state.Remove();
            return [(key, -1)];
        }

        var max = Math.Max(values.Max(v => v.Seconds), state.GetOrDefault(0));
        state.Update(max);
        state.SetTimeoutTimestamp(Sec(max + 5));
        return [(key, max)];
    }
}
