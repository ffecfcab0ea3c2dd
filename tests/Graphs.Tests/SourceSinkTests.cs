using Sluice.Graphs.Control;
using Sluice.Graphs.Dsl;
using Sluice.Graphs.Offsets;
using Sluice.Graphs.Sources;
using Sluice.Graphs.Stages;
using Sluice.TestKit.Streams;

namespace Sluice.Graphs.Tests;

public sealed class SourceSinkTests : StreamTest
{
    [Fact]
    public async Task Basic_sources_emit_what_they_promise()
    {
        Assert.Equal([7], await Source.Single(7).RunWith(Sink.Seq<int>(), Mat));
        Assert.Empty(await Source.Empty<int>().RunWith(Sink.Seq<int>(), Mat));
        Assert.Equal([1, 1, 1], await Source.Repeat(1).Take(3).RunWith(Sink.Seq<int>(), Mat));
        Assert.Equal([1, 2, 4, 8], await Source.Unfold<int, int>(1, s => s > 8 ? null : (s * 2, s)).RunWith(Sink.Seq<int>(), Mat));
        var error = new InvalidOperationException("failed source");
        Assert.Same(error, await Assert.ThrowsAsync<InvalidOperationException>(() => Source.Failed<int>(error).RunWith(Sink.Ignore<int>(), Mat)));
    }

    [Fact]
    public async Task Async_enumerable_source_pulls_on_demand_and_completes()
    {
        static async IAsyncEnumerable<int> Numbers()
        {
            for (var i = 0; i < 5; i++)
            {
                await Task.Yield();
                yield return i;
            }
        }

        Assert.Equal([0, 1, 2, 3, 4], await Source.From(Numbers()).RunWith(Sink.Seq<int>(), Mat));
    }

    [Fact]
    public async Task Async_enumerable_failure_fails_the_stream()
    {
        static async IAsyncEnumerable<int> Broken()
        {
            yield return 1;
            await Task.Yield();
            throw new InvalidOperationException("enumerator broke");
        }

        var ex = await Assert.ThrowsAsync<StreamStageException>(() => Source.From(Broken()).RunWith(Sink.Ignore<int>(), Mat));
        Assert.Contains("enumerator broke", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sinks_return_first_last_aggregate_and_defaults()
    {
        var source = Source.From([3, 1, 2]);
        Assert.Equal(3, await source.RunWith(Sink.First<int>(), Mat));
        Assert.Equal(2, await source.RunWith(Sink.Last<int>(), Mat));
        Assert.Equal(6, await source.RunWith(Sink.Aggregate<int, int>(0, (a, x) => a + x), Mat));
        Assert.Equal(0, await Source.Empty<int>().RunWith(Sink.FirstOrDefault<int>(), Mat));
        Assert.Equal(0, await Source.Empty<int>().RunWith(Sink.LastOrDefault<int>(), Mat));
        await Assert.ThrowsAsync<InvalidOperationException>(() => Source.Empty<int>().RunWith(Sink.First<int>(), Mat));
        await Assert.ThrowsAsync<InvalidOperationException>(() => Source.Empty<int>().RunWith(Sink.Last<int>(), Mat));
    }

    [Fact]
    public async Task First_cancels_upstream_after_one_element()
    {
        var (up, first) = TestSource.Probe<int>().ToMaterialized(Sink.First<int>(), Keep.Both).Run(Mat);
        up.ExpectRequest();
        up.SendNext(42);
        up.ExpectCancellation();
        Assert.Equal(42, await first);
    }

    [Fact]
    public async Task ForEach_sees_every_element_and_ForEachAsync_limits_parallelism()
    {
        var seen = new List<int>();
        await Source.From(Enumerable.Range(1, 5)).RunWith(Sink.ForEach<int>(seen.Add), Mat);
        Assert.Equal([1, 2, 3, 4, 5], seen);

        var running = 0;
        var max = 0;
        var sum = 0;
        await Source.From(Enumerable.Range(1, 20)).RunWith(Sink.ForEachAsync<int>(3, async x =>
        {
            var now = Interlocked.Increment(ref running);
            InterlockedMax(ref max, now);
            await Task.Delay(1);
            Interlocked.Add(ref sum, x);
            Interlocked.Decrement(ref running);
        }), Mat);
        Assert.Equal(210, sum);
        Assert.InRange(max, 1, 3);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }

    [Fact]
    public async Task ForEachAsync_failure_fails_the_task()
    {
        var task = Source.From(Enumerable.Range(1, 5)).RunWith(Sink.ForEachAsync<int>(2, x => x == 3 ? Task.FromException(new InvalidOperationException("x3")) : Task.CompletedTask), Mat);
        var ex = await Assert.ThrowsAsync<StreamStageException>(() => task);
        Assert.Equal("for-each-async", ex.StageName);
    }

    [Fact]
    public async Task Queue_with_backpressure_completes_an_offer_only_when_there_is_room()
    {
        var (queue, down) = Source.Queue<int>(2).ToMaterialized(TestSink.Probe<int>(), Keep.Both).Run(Mat);
        Assert.Equal(QueueOfferResult.Enqueued, await queue.OfferAsync(1));
        Assert.Equal(QueueOfferResult.Enqueued, await queue.OfferAsync(2));
        var third = queue.OfferAsync(3);
        down.ExpectSubscription();
        await Task.WhenAny(third, Task.Delay(50));
        Assert.False(third.IsCompleted);
        down.Request(1).ExpectNext(1);
        Assert.Equal(QueueOfferResult.Enqueued, await third);
        queue.Complete();
        down.Request(5).ExpectNext(2, 3).ExpectComplete();
        await queue.WatchCompletionAsync();
        Assert.Equal(QueueOfferResult.QueueClosed, await queue.OfferAsync(4));
    }

    [Fact]
    public async Task Queue_drop_new_reports_dropped_and_fail_fails_the_stream()
    {
        var (q1, d1) = Source.Queue<int>(1, OverflowStrategy.DropNew).ToMaterialized(TestSink.Probe<int>(), Keep.Both).Run(Mat);
        Assert.Equal(QueueOfferResult.Enqueued, await q1.OfferAsync(1));
        Assert.Equal(QueueOfferResult.Dropped, await q1.OfferAsync(2));
        d1.Request(1).ExpectNext(1);

        var (q2, d2) = Source.Queue<int>(1, OverflowStrategy.Fail).ToMaterialized(TestSink.Probe<int>(), Keep.Both).Run(Mat);
        await q2.OfferAsync(1);
        Assert.IsType<QueueOfferResult.Failure>(await q2.OfferAsync(2));
        Assert.IsType<BufferOverflowException>(d2.ExpectSubscriptionAndError());
        await Assert.ThrowsAsync<BufferOverflowException>(() => q2.WatchCompletionAsync());
    }

    [Fact]
    public void Queue_fail_fails_the_stream_with_the_given_exception()
    {
        var (queue, down) = Source.Queue<int>(4).ToMaterialized(TestSink.Probe<int>(), Keep.Both).Run(Mat);
        var error = new InvalidOperationException("stop");
        queue.Fail(error);
        Assert.Same(error, down.ExpectSubscriptionAndError());
    }

    [Fact]
    public async Task Rate_source_emits_rows_on_the_clock_with_timestamps_and_reports_its_offset()
    {
        var start = Clock.GetUtcNow();
        var (handle, down) = Source.Rate(4).ToMaterialized(TestSink.Probe<RateRow>(), Keep.Both).Run(Mat);
        down.Request(10);
        Assert.Equal(new RateRow(start, 0), down.ExpectNext());
        AwaitCondition(() => Clock.ActiveTimers >= 1);
        Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(
            [new RateRow(start.AddMilliseconds(250), 1), new RateRow(start.AddMilliseconds(500), 2), new RateRow(start.AddMilliseconds(750), 3), new RateRow(start.AddSeconds(1), 4)],
            down.ExpectNextN(4));
        Assert.Equal(new LongOffset(5), await handle.GetOffsetAsync());
    }

    [Fact]
    public void Rate_source_resumes_from_a_start_offset()
    {
        var down = Source.Rate(10, startOffset: 100).RunWith(TestSink.Probe<RateRow>(), Mat);
        Assert.Equal(100, down.Request(1).ExpectNext().Value);
    }

    [Fact]
    public void Rate_ramp_up_follows_spark_value_at_second()
    {
        // rowsPerSecond 10, ramp-up 4 s: speed 0 2 4 6 8 10 10 -> end values 0 2 6 12 20 30 40 (Spark's example).
        long[] expected = [0, 2, 6, 12, 20, 30, 40];
        for (var s = 0; s < expected.Length; s++)
        {
            Assert.Equal(expected[s], RateSource.ValueAtSecond(s, 10, 4));
        }
    }

    [Fact]
    public void Unique_kill_switch_shutdown_completes_downstream_and_cancels_upstream()
    {
        var ((up, ks), down) = TestSource.Probe<int>().ViaMaterialized(KillSwitches.Single<int>(), Keep.Both)
            .ToMaterialized(TestSink.Probe<int>(), Keep.Both).Run(Mat);
        down.Request(1);
        up.SendNext(1);
        down.ExpectNext(1);
        ks.Shutdown();
        down.ExpectComplete();
        up.ExpectCancellation();
    }

    [Fact]
    public void Unique_kill_switch_abort_fails_downstream()
    {
        var ((up, ks), down) = TestSource.Probe<int>().ViaMaterialized(KillSwitches.Single<int>(), Keep.Both)
            .ToMaterialized(TestSink.Probe<int>(), Keep.Both).Run(Mat);
        var error = new InvalidOperationException("abort");
        ks.Abort(error);
        Assert.Same(error, down.ExpectSubscriptionAndError());
        Assert.Same(error, up.ExpectCancellation());
    }

    [Fact]
    public async Task Shared_kill_switch_stops_every_stream_including_late_ones()
    {
        var shared = KillSwitches.Shared("all");
        var t1 = Source.Repeat(1).Via(shared.Flow<int>()).RunWith(Sink.Ignore<int>(), Mat);
        var t2 = Source.Repeat(2).Via(shared.Flow<int>()).RunWith(Sink.Ignore<int>(), Mat);
        shared.Shutdown();
        await t1.WaitAsync(Wait);
        await t2.WaitAsync(Wait);
        await Source.Repeat(3).Via(shared.Flow<int>()).RunWith(Sink.Ignore<int>(), Mat).WaitAsync(Wait);
    }

    [Fact]
    public async Task Shutting_down_the_materializer_completes_sink_tasks_with_abrupt_termination()
    {
        var mat = Materializer.Create();
        var task = Source.Repeat(1).Throttle(1, TimeSpan.FromHours(1), 1).RunWith(Sink.Ignore<int>(), mat);
        mat.Shutdown();
        await Assert.ThrowsAsync<AbruptTerminationException>(() => task.WaitAsync(Wait));
    }

    [Fact]
    public void Materializer_settings_are_validated_with_a_useful_message()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => Materializer.Create(new MaterializerSettings { MaxInputBufferSize = 10 }));
        Assert.Contains("power of two", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stage_that_throws_in_prestart_fails_the_stream()
    {
        var task = Source.From(Throwing()).RunWith(Sink.Ignore<int>(), Mat);
        var ex = await Assert.ThrowsAsync<StreamStageException>(() => task.WaitAsync(Wait));
        Assert.Equal("from-enumerable", ex.StageName);

        static IEnumerable<int> Throwing() => new ThrowingEnumerable();
    }

    private sealed class ThrowingEnumerable : IEnumerable<int>
    {
        public IEnumerator<int> GetEnumerator() => throw new InvalidOperationException("no enumerator");

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
