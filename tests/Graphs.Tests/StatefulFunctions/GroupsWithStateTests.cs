using Sluice.Graphs.Queries;
using Sluice.Graphs.StatefulFunctions;

namespace Sluice.Graphs.Tests.StatefulFunctions;

public sealed class GroupsWithStateTests
{
    private const long S = 1000;

    private static ShardDriver<string, string, (string, int)> ProcessingTimeCounter() =>
        TestStreams.Drive<string, string, (string, int)>(
            TestStreams.Source<string>().MapWithState<string, string, int, (string, int)>(v => v, SparkStateFunctions.CountOrExpire, GroupStateTimeout.ProcessingTimeTimeout));

    [Fact]
    public void Values_reach_the_function_once_per_key_in_arrival_order()
    {
        var seen = new List<string>();
        var stream = TestStreams.Source<(string Key, int Value)>().MapWithState<(string Key, int Value), string, int, string>(
            r => r.Key,
            (key, values, state) =>
            {
                var joined = key + "=" + string.Join(",", values.Select(v => v.Value));
                seen.Add(joined);
                return joined;
            });
        var driver = TestStreams.Drive<(string Key, int Value), string, string>(stream);

        // Rows arrive in two OnRows calls, interleaved between keys.
        var output = driver.Epoch([("a", 3), ("b", 1), ("a", 1), ("b", 7), ("a", 2)], rowsPerCall: 2);

        Assert.Equal(["a=3,1,2", "b=1,7"], output);
        Assert.Equal(output, seen);
    }

    [Fact]
    public void Processing_time_timeout_fires_when_the_timeout_is_before_the_batch_timestamp()
    {
        // Spark's FlatMapGroupsWithStateSuite "streaming with processing time timeout", batch timestamps explicit.
        var driver = ProcessingTimeCounter();
        Assert.True(driver.Operator.HasProcessingTimeTimeout);

        Assert.Equal([("a", 1)], driver.Epoch(["a"], batchTimestampMs: 1 * S));   // a times out at 11 s
        Assert.Equal([("b", 1)], driver.Epoch(["b"], batchTimestampMs: 2 * S));   // b at 12 s
        Assert.Equal([("b", 2), ("a", -1)], driver.Epoch(["b"], batchTimestampMs: 12 * S)); // 11 < 12: a times out; b moves to 22 s
        Assert.Equal([1], driver.StoreCounts);

        driver.RestartFromSnapshot();
        Assert.Equal([("c", 1), ("b", -1)], driver.Epoch(["c"], batchTimestampMs: 23 * S));
        Assert.Empty(driver.NoData(batchTimestampMs: 24 * S));
        Assert.Empty(driver.NoData(batchTimestampMs: 33 * S)); // c's timeout is 33 s: not < 33 s
        Assert.Equal([("c", -1)], driver.NoData(batchTimestampMs: 33 * S + 1));
        Assert.Equal([0], driver.StoreCounts);
    }

    [Fact]
    public void A_call_clears_the_timeout_it_does_not_set_again()
    {
        var driver = TestStreams.Drive<string, string, string>(TestStreams.Source<string>().MapWithState<string, string, int, string>(
            v => v,
            (key, values, state) =>
            {
                if (state.HasTimedOut)
                {
                    return key + ":timeout";
                }

                state.Update(state.GetOrDefault(0) + 1);
                if (state.Get() == 1)
                {
                    state.SetTimeoutDuration(TimeSpan.FromSeconds(5)); // only the first call sets a timeout
                }

                return key + ":" + state.Get();
            },
            GroupStateTimeout.ProcessingTimeTimeout));

        Assert.Equal(["a:1"], driver.Epoch(["a"], batchTimestampMs: 0));
        Assert.Equal(["a:2"], driver.Epoch(["a"], batchTimestampMs: 1 * S));
        Assert.Equal([], driver.NoData(batchTimestampMs: 60 * S)); // the second call cleared the 5 s timeout
    }

    [Fact]
    public void Event_time_timeout_fires_when_the_watermark_passes_it_and_late_rows_are_dropped()
    {
        // Spark's FlatMapGroupsWithStateSuite "streaming with event time timeout + watermark" (watermark delay 10 s).
        var stream = TestStreams.Source<(string Key, long Seconds)>().FlatMapWithState<(string Key, long Seconds), string, long, (string, long)>(
            r => r.Key,
            SparkStateFunctions.MaxTimeOrExpire,
            OutputMode.Update,
            GroupStateTimeout.EventTimeTimeout);
        var driver = TestStreams.Drive<(string Key, long Seconds), string, (string, long)>(stream, r => r.Seconds * S, hasWatermark: true);

        Assert.Equal([("a", 15L)], driver.Epoch([("a", 11), ("a", 13), ("a", 15)], watermarkMs: 0)); // timeout 20 s; watermark -> 5 s
        Assert.Equal([], driver.Epoch([("a", 4)], watermarkMs: 5 * S));                                 // late: 4 <= 5
        Assert.Equal(1, driver.LastDropped);
        Assert.Equal([("a", 4L)], driver.LastLate);
        Assert.Equal([("a", 15L)], driver.Epoch([("a", 10)], watermarkMs: 5 * S));
        Assert.Equal([("b", 31L)], driver.Epoch([("b", 31)], watermarkMs: 5 * S));                        // watermark -> 21 s
        Assert.True(driver.Operator.NeedsNoDataBatch(OutputMode.Update, hasWatermark: true));
        Assert.Equal([("a", -1L)], driver.NoData(watermarkMs: 21 * S));                                   // 20 < 21
    }

    [Fact]
    public void Event_time_timeout_equal_to_the_watermark_does_not_fire()
    {
        var driver = TestStreams.Drive<string, string, string>(
            TestStreams.Source<string>().MapWithState<string, string, int, string>(
                v => v,
                (key, values, state) =>
                {
                    if (state.HasTimedOut)
                    {
                        return key + ":timeout";
                    }

                    state.Update(1);
                    state.SetTimeoutTimestamp(DateTimeOffset.FromUnixTimeMilliseconds(10 * S));
                    return key;
                },
                GroupStateTimeout.EventTimeTimeout),
            _ => 1 * S,
            hasWatermark: true);

        Assert.Equal(["a"], driver.Epoch(["a"], watermarkMs: 0));
        Assert.Equal([], driver.NoData(watermarkMs: 10 * S));
        Assert.Equal(["a:timeout"], driver.NoData(watermarkMs: 10 * S + 1));
    }

    [Fact]
    public void Initial_state_is_seen_by_the_first_call_and_keys_without_data_are_called_in_the_first_epoch()
    {
        var stream = TestStreams.Source<string>().MapWithState<string, string, int, string>(
            v => v,
            (key, values, state) =>
            {
                state.Update(state.GetOrDefault(0) + values.Count);
                return $"{key}:{state.Get()}";
            },
            initialState: [new("a", 10), new("z", 100)]);
        var driver = TestStreams.Drive<string, string, string>(stream);

        Assert.Equal(["a:11", "b:1", "z:100"], driver.Epoch(["a", "b"]));
        Assert.Equal(["a:12"], driver.Epoch(["a"]));
        driver.RestartFromChangelog();
        Assert.Equal(["a:13", "z:101"], driver.Epoch(["a", "z"])); // the restored shard does not apply the initial state again
    }

    [Fact]
    public void Initial_state_is_split_between_shards_by_key()
    {
        var initial = Enumerable.Range(0, 20).Select(i => new KeyValuePair<string, int>("k" + i, i)).ToArray();
        var stream = TestStreams.Source<string>().MapWithState<string, string, int, string>(v => v, (key, _, state) => key, initialState: initial);
        var called = new List<string>();
        for (var shard = 0; shard < 4; shard++)
        {
            called.AddRange(TestStreams.Drive<string, string, string>(stream, numberOfShards: 4, shardId: shard).NoData());
        }

        Assert.Equal(initial.Select(p => p.Key).Order(), called.Order());
    }

    [Fact]
    public void Initial_state_with_a_key_twice_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => TestStreams.Source<string>().MapWithState<string, string, int, string>(
            v => v, (key, _, _) => key, initialState: [new("a", 1), new("a", 2)]));
        Assert.Contains("several states for key 'a'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Removed_state_with_a_timeout_still_times_out_without_state()
    {
        var driver = TestStreams.Drive<string, string, string>(TestStreams.Source<string>().MapWithState<string, string, int, string>(
            v => v,
            (key, values, state) =>
            {
                if (state.HasTimedOut)
                {
                    return $"{key}:timeout exists={state.Exists}";
                }

                state.Update(1);
                state.Remove();
                state.SetTimeoutDuration(TimeSpan.FromSeconds(1));
                return key;
            },
            GroupStateTimeout.ProcessingTimeTimeout));

        Assert.Equal(["a"], driver.Epoch(["a"], batchTimestampMs: 0));
        Assert.Equal(["a:timeout exists=False"], driver.NoData(batchTimestampMs: 2 * S));
        Assert.Equal([0], driver.StoreCounts);
    }

    [Fact]
    public void Timeouts_need_the_matching_configuration()
    {
        var driver = TestStreams.Drive<string, string, string>(TestStreams.Source<string>().MapWithState<string, string, int, string>(
            v => v,
            (key, _, state) =>
            {
                Assert.Throws<InvalidOperationException>(() => state.SetTimeoutDuration(TimeSpan.FromSeconds(1)));
                Assert.Throws<InvalidOperationException>(() => state.SetTimeoutTimestamp(DateTimeOffset.UnixEpoch.AddSeconds(1)));
                Assert.Throws<InvalidOperationException>(() => state.GetCurrentWatermarkMs());
                Assert.Throws<InvalidOperationException>(() => state.Get());
                return key + "@" + state.GetCurrentProcessingTimeMs();
            }));

        Assert.Equal(["a@5000"], driver.Epoch(["a"], batchTimestampMs: 5 * S));
    }

    [Fact]
    public void Output_modes_are_checked_as_Spark_does()
    {
        var map = TestStreams.Drive<string, string, string>(TestStreams.Source<string>().MapWithState<string, string, int, string>(v => v, (k, _, _) => k)).Operator;
        Assert.Null(map.CheckOutputMode(OutputMode.Update, hasWatermark: false));
        Assert.Contains("supports only OutputMode.Update", map.CheckOutputMode(OutputMode.Append, false), StringComparison.Ordinal);

        var flat = TestStreams.Drive<string, string, string>(TestStreams.Source<string>().FlatMapWithState<string, string, int, string>(
            v => v, (k, _, _) => [k], OutputMode.Append)).Operator;
        Assert.Null(flat.CheckOutputMode(OutputMode.Append, false));
        Assert.Contains("declared with OutputMode.Append", flat.CheckOutputMode(OutputMode.Update, false), StringComparison.Ordinal);
        Assert.Contains("Complete is not supported", flat.CheckOutputMode(OutputMode.Complete, false), StringComparison.Ordinal);

        var eventTime = TestStreams.Drive<string, string, string>(TestStreams.Source<string>().MapWithState<string, string, int, string>(
            v => v, (k, _, _) => k, GroupStateTimeout.EventTimeTimeout)).Operator;
        Assert.Contains("needs a watermark", eventTime.CheckOutputMode(OutputMode.Update, hasWatermark: false), StringComparison.Ordinal);
        Assert.Null(eventTime.CheckOutputMode(OutputMode.Update, hasWatermark: true));
        Assert.False(eventTime.HasProcessingTimeTimeout);
    }

    [Fact]
    public void Rows_are_not_judged_late_without_an_event_time_timeout()
    {
        var driver = TestStreams.Drive<string, string, string>(
            TestStreams.Source<string>().MapWithState<string, string, int, string>(v => v, (k, _, _) => k),
            _ => 1 * S,
            hasWatermark: true);

        Assert.Equal(["a"], driver.Epoch(["a"], watermarkMs: 50 * S));
        Assert.Equal(0, driver.LastDropped);
    }
}
