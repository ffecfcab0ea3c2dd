using Sluice.Graphs.StatefulFunctions;

namespace Sluice.Graphs.Tests.StatefulFunctions;

public sealed class DStreamStateTests
{
    private const long S = 1000;

    [Fact]
    public void UpdateStateByKey_updates_every_key_with_state_or_data_and_emits_every_key_each_epoch()
    {
        var calls = new List<string>();
        var stream = TestStreams.Source<(string Word, int N)>().UpdateStateByKey<(string Word, int N), string, int>(
            r => r.Word,
            (values, count) =>
            {
                calls.Add($"{string.Join("+", values.Select(v => v.N))}|{count?.ToString() ?? "none"}");
                if (values.Count == 0 && count >= 3)
                {
                    return null; // forget a key that went quiet once it reached 3
                }

                return (count ?? 0) + values.Sum(v => v.N);
            });
        var driver = TestStreams.Drive<(string Word, int N), string, (string Key, int State)>(stream);

        Assert.Equal([("a", 3), ("b", 1)], driver.Epoch([("a", 1), ("b", 1), ("a", 2)]));
        Assert.Equal(["1+2|none", "1|none"], calls);
        calls.Clear();

        Assert.Equal([("b", 2)], driver.Epoch([("b", 1)])); // a went quiet with 3: removed, no row
        Assert.Equal(["1|1", "|3"], calls.Order());

        Assert.Equal([("b", 2), ("c", 5)], driver.Epoch([("c", 5)])); // b is quiet with 2: called, kept, emitted
        Assert.Equal([2], driver.StoreCounts);
    }

    [Fact]
    public void UpdateStateByKey_with_a_reference_state_removes_the_key_on_null_and_starts_from_initial_state()
    {
        var stream = TestStreams.Source<string>().UpdateStateByKey<string, string, string>(
            w => w,
            (values, text) => values.Count == 0 ? null : (text ?? "") + string.Concat(values),
            [new("x", "init:")]);
        var driver = TestStreams.Drive<string, string, (string Key, string State)>(stream);

        Assert.Equal([("x", "init:x")], driver.Epoch(["x"]));
        Assert.Equal([], driver.NoData());
        Assert.Equal([0], driver.StoreCounts);
    }

    [Fact]
    public void MapWithState_emits_one_mapped_value_per_row_in_arrival_order()
    {
        var spec = new StateSpec<string, string, int, string>((key, value, state) =>
        {
            var n = state.GetOrDefault(0) + 1;
            state.Update(n);
            return $"{value}#{n}";
        });
        var driver = TestStreams.Drive<string, string, string>(TestStreams.Source<string>().MapWithState(v => v[..1], spec));

        Assert.Equal(["a1#1", "b1#1", "a2#2", "a3#3"], driver.Epoch(["a1", "b1", "a2", "a3"]));
        Assert.Equal(["b2#2"], driver.Epoch(["b2"]));
    }

    [Fact]
    public void MapWithState_times_out_idle_keys_once_and_removes_them()
    {
        var spec = new StateSpec<string, string, int, string>((key, value, state) =>
        {
            if (state.HasTimedOut)
            {
                Assert.Throws<InvalidOperationException>(() => state.Update(0));
                return $"{key} idle after {state.Get()}";
            }

            state.Update(state.GetOrDefault(0) + 1);
            return $"{key}:{state.Get()}";
        })
        { Timeout = TimeSpan.FromSeconds(10), InitialState = [new("z", 7)] };
        var driver = TestStreams.Drive<string, string, string>(TestStreams.Source<string>().MapWithState(v => v, spec));
        Assert.True(driver.Operator.HasProcessingTimeTimeout);

        Assert.Equal(["a:1"], driver.Epoch(["a"], batchTimestampMs: 1 * S));
        Assert.Equal(["a:2"], driver.Epoch(["a"], batchTimestampMs: 5 * S)); // a's idle clock restarts at 5 s
        Assert.Equal([], driver.NoData(batchTimestampMs: 11 * S));         // z: 1 s is not < 11 - 10
        Assert.Equal(["z idle after 7"], driver.NoData(batchTimestampMs: 11 * S + 1));
        Assert.Equal([], driver.NoData(batchTimestampMs: 15 * S));
        driver.RestartFromSnapshot();
        Assert.Equal(["a idle after 2"], driver.NoData(batchTimestampMs: 15 * S + 1));
        Assert.Equal(["a:1"], driver.Epoch(["a"], batchTimestampMs: 16 * S));
    }

    [Fact]
    public void UpdateStateByKey_state_survives_a_snapshot_and_a_changelog_replay()
    {
        var stream = TestStreams.Source<string>().UpdateStateByKey<string, string, long>(w => w, (values, count) => (count ?? 0) + values.Count);
        var driver = TestStreams.Drive<string, string, (string Key, long State)>(stream);

        driver.Epoch(["a", "b", "a"]);
        driver.RestartFromSnapshot();
        Assert.Equal([("a", 3L), ("b", 1L)], driver.Epoch(["a"]));
        driver.RestartFromChangelog();
        Assert.Equal([("a", 3L), ("b", 2L)], driver.Epoch(["b"]));
    }
}
