using Sluice.Graphs.Dsl;
using Sluice.TestKit.Streams;

namespace Sluice.Graphs.Tests;

public sealed class BackpressureTests : StreamTest
{
    [Fact]
    public void An_element_moves_only_after_downstream_pulled()
    {
        var (up, down) = TestSource.Probe<int>().Select(x => x + 1).ToMaterialized(TestSink.Probe<int>(), Keep.Both).Run(Mat);
        down.ExpectSubscription();
        up.ExpectNoMessage(TimeSpan.FromMilliseconds(50));
        down.Request(1);
        Assert.Equal(1, up.ExpectRequest());
        up.SendNext(1);
        down.ExpectNext(2);
        up.ExpectNoMessage(TimeSpan.FromMilliseconds(50));
    }

    [Fact]
    public async Task A_fused_fast_source_into_a_slow_sink_has_at_most_one_element_in_flight()
    {
        long emitted = 0, consumed = 0, maxInFlight = 0;
        await Source.From(Enumerable.Range(0, 20_000))
            .Select(x => { Interlocked.Increment(ref emitted); return x; })
            .RunWith(Sink.ForEach<int>(_ =>
            {
                maxInFlight = Math.Max(maxInFlight, Interlocked.Read(ref emitted) - consumed);
                Thread.SpinWait(50);
                consumed++;
            }), Mat).WaitAsync(Wait);
        Assert.Equal(20_000, consumed);
        Assert.True(maxInFlight <= 1, $"in flight {maxInFlight}");
    }

    [Fact]
    public async Task Across_an_async_boundary_in_flight_elements_never_exceed_the_boundary_buffer()
    {
        const int capacity = 16;
        long emitted = 0, consumed = 0, maxInFlight = 0;
        var done = Source.From(Enumerable.Range(0, 20_000))
            .Select(x => { Interlocked.Increment(ref emitted); return x; })
            .Async()
            .RunWith(Sink.ForEach<int>(_ =>
            {
                maxInFlight = Math.Max(maxInFlight, Interlocked.Read(ref emitted) - consumed);
                Thread.SpinWait(200);
                consumed++;
            }).WithAttributes(StageAttributes.InputBuffer(4, capacity)), Mat);
        await done.WaitAsync(Wait);
        Assert.Equal(20_000, consumed);
        // The ring holds at most `capacity`, plus one element in each of the two fused chains around it.
        Assert.True(maxInFlight <= capacity + 2, $"in flight {maxInFlight}");
    }

    [Fact]
    public async Task Async_boundaries_keep_the_order_of_a_million_elements()
    {
        const int n = 1_000_000;
        var (last, ordered) = await Source.From(Enumerable.Range(0, n)).Async()
            .Select(x => (long)x).Async()
            .Where(_ => true).Async()
            .RunWith(Sink.Aggregate<long, (long Last, bool Ordered)>((-1, true), (acc, x) => (x, acc.Ordered && x == acc.Last + 1)), Mat);
        Assert.Equal(n - 1L, last);
        Assert.True(ordered);
    }

    [Fact]
    public async Task Async_boundary_carries_failure_after_the_elements_before_it()
    {
        var result = new List<int>();
        var task = Source.From(Enumerable.Range(1, 100)).Select(x => x == 51 ? throw new InvalidOperationException("at 51") : x)
            .Async().RunWith(Sink.ForEach<int>(result.Add), Mat);
        var ex = await Assert.ThrowsAsync<StreamStageException>(() => task);
        Assert.Contains("at 51", ex.Message, StringComparison.Ordinal);
        Assert.Equal(Enumerable.Range(1, 50), result);
    }

    [Fact]
    public void Cancellation_reaches_the_source_through_fused_stages()
    {
        var (up, down) = TestSource.Probe<int>().Select(x => x).Where(_ => true).ToMaterialized(TestSink.Probe<int>(), Keep.Both).Run(Mat);
        down.Request(1);
        up.ExpectRequest();
        down.Cancel();
        Assert.Null(up.ExpectCancellation());
    }

    [Fact]
    public void Cancellation_reaches_the_source_across_async_boundaries()
    {
        var (up, down) = TestSource.Probe<int>().Async().Select(x => x).Async().ToMaterialized(TestSink.Probe<int>(), Keep.Both).Run(Mat);
        down.Request(1);
        up.ExpectRequest();
        up.SendNext(7);
        down.ExpectNext(7);
        down.Cancel();
        up.ExpectCancellation();
    }

    [Fact]
    public void Async_boundary_requests_in_batches_bounded_by_its_buffer()
    {
        var (up, down) = TestSource.Probe<int>().Async()
            .ToMaterialized(TestSink.Probe<int>().WithAttributes(StageAttributes.InputBuffer(4, 8)), Keep.Both).Run(Mat);
        down.ExpectSubscription();
        // Initial credit 4: upstream is asked for 4 elements before anything is consumed.
        for (var i = 0; i < 4; i++)
        {
            up.ExpectRequest();
            up.SendNext(i);
        }

        up.ExpectNoMessage(TimeSpan.FromMilliseconds(100));
        down.Request(1).ExpectNext(0);
        // Consuming one brings remaining credit to half the capacity: credit goes up to head + 8.
        for (var i = 4; i < 9; i++)
        {
            up.ExpectRequest();
            up.SendNext(i);
        }

        up.ExpectNoMessage(TimeSpan.FromMilliseconds(100));
        down.Request(8).ExpectNextN(Enumerable.Range(1, 8));
    }

    [Fact]
    public void Buffer_with_backpressure_stops_pulling_when_full()
    {
        var (up, down) = TestSource.Probe<int>().Buffer(2, OverflowStrategy.Backpressure).ToMaterialized(TestSink.Probe<int>(), Keep.Both).Run(Mat);
        up.ExpectRequest();
        up.SendNext(1);
        up.ExpectRequest();
        up.SendNext(2);
        up.ExpectNoMessage(TimeSpan.FromMilliseconds(50));
        down.Request(1).ExpectNext(1);
        up.ExpectRequest();
        up.SendNext(3).SendComplete();
        down.Request(5).ExpectNext(2, 3).ExpectComplete();
    }

    [Theory]
    [InlineData(OverflowStrategy.DropHead, new[] { 4, 5 })]
    [InlineData(OverflowStrategy.DropTail, new[] { 1, 5 })]
    [InlineData(OverflowStrategy.DropBuffer, new[] { 5 })]
    [InlineData(OverflowStrategy.DropNew, new[] { 1, 2 })]
    public void Buffer_overflow_strategies_drop_the_right_elements(OverflowStrategy strategy, int[] expected)
    {
        var (up, down) = TestSource.Probe<int>().Buffer(2, strategy).ToMaterialized(TestSink.Probe<int>(), Keep.Both).Run(Mat);
        down.ExpectSubscription();
        up.SendNext([1, 2, 3, 4, 5]).SendComplete();
        down.Request(10).ExpectNextN(expected).ExpectComplete();
    }

    [Fact]
    public void Buffer_with_fail_strategy_fails_naming_the_stage()
    {
        var (up, down) = TestSource.Probe<int>().Buffer(2, OverflowStrategy.Fail).ToMaterialized(TestSink.Probe<int>(), Keep.Both).Run(Mat);
        down.ExpectSubscription();
        up.SendNext([1, 2, 3]);
        var ex = Assert.IsType<BufferOverflowException>(down.ExpectError());
        Assert.Equal("buffer", ex.StageName);
    }

    [Fact]
    public void Conflate_summarizes_while_downstream_is_slow()
    {
        var (up, down) = TestSource.Probe<int>().Conflate((a, b) => a + b).ToMaterialized(TestSink.Probe<int>(), Keep.Both).Run(Mat);
        down.ExpectSubscription();
        up.SendNext([1, 2, 3]);
        up.ExpectRequest();
        up.ExpectRequest();
        up.ExpectRequest();
        up.ExpectRequest();
        down.Request(1).ExpectNext(6);
        up.SendNext(4).SendComplete();
        down.Request(1).ExpectNext(4).ExpectComplete();
    }

    [Fact]
    public void Batch_backpressures_when_the_batch_is_full()
    {
        var (up, down) = TestSource.Probe<int>().Batch(2, x => new List<int> { x }, (l, x) => { l.Add(x); return l; })
            .ToMaterialized(TestSink.Probe<List<int>>(), Keep.Both).Run(Mat);
        down.ExpectSubscription();
        up.ExpectRequest();
        up.SendNext(1);
        up.ExpectRequest();
        up.SendNext(2);
        up.ExpectNoMessage(TimeSpan.FromMilliseconds(50));
        Assert.Equal([1, 2], down.Request(1).ExpectNext());
        up.ExpectRequest();
    }

    [Fact]
    public void Expand_repeats_the_last_element_while_downstream_is_faster()
    {
        static IEnumerator<int> Forever(int x)
        {
            while (true)
            {
                yield return x;
            }
        }

        var (up, down) = TestSource.Probe<int>().Expand(Forever).ToMaterialized(TestSink.Probe<int>(), Keep.Both).Run(Mat);
        up.SendNext(1);
        down.Request(3).ExpectNext(1, 1, 1);
        up.SendNext(2);
        down.Request(2).ExpectNext(2, 2);
    }

    [Fact]
    public async Task SelectAsync_keeps_input_order_and_limits_parallelism()
    {
        var gates = Enumerable.Range(0, 4).Select(_ => new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously)).ToArray();
        var started = 0;
        var (up, down) = TestSource.Probe<int>()
            .SelectAsync(2, i => { Interlocked.Increment(ref started); return gates[i].Task; })
            .ToMaterialized(TestSink.Probe<int>(), Keep.Both).Run(Mat);
        down.Request(4);
        up.SendNext([0, 1, 2, 3]);
        AwaitCondition(() => Volatile.Read(ref started) == 2);
        gates[1].SetResult(10);
        down.ExpectNoMessage(TimeSpan.FromMilliseconds(50));
        gates[0].SetResult(0);
        down.ExpectNext(0, 10);
        gates[3].SetResult(30);
        gates[2].SetResult(20);
        up.SendComplete();
        down.ExpectNext(20, 30).ExpectComplete();
        await Task.CompletedTask;
    }

    [Fact]
    public async Task SelectAsyncUnordered_emits_in_completion_order()
    {
        var gates = Enumerable.Range(0, 3).Select(_ => new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously)).ToArray();
        var (up, down) = TestSource.Probe<int>().SelectAsyncUnordered(3, i => gates[i].Task)
            .ToMaterialized(TestSink.Probe<int>(), Keep.Both).Run(Mat);
        down.Request(3);
        up.SendNext([0, 1, 2]).SendComplete();
        gates[2].SetResult(2);
        down.ExpectNext(2);
        gates[0].SetResult(0);
        down.ExpectNext(0);
        gates[1].SetResult(1);
        down.ExpectNext(1).ExpectComplete();
        await Task.CompletedTask;
    }

    [Fact]
    public async Task SelectAsync_fails_the_stream_when_a_task_fails()
    {
        var task = Source.From(Enumerable.Range(1, 5))
            .SelectAsync(2, async x => { await Task.Yield(); return x == 3 ? throw new InvalidOperationException("t3") : x; })
            .RunWith(Sink.Seq<int>(), Mat);
        var ex = await Assert.ThrowsAsync<StreamStageException>(() => task);
        Assert.IsType<InvalidOperationException>(ex.InnerException);
    }
}
