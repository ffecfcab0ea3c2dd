using Sluice.Graphs.Dsl;
using Sluice.TestKit.Streams;
using Xunit.Abstractions;

namespace Sluice.Graphs.Tests;

/// <summary>
/// The batched hand-off across <c>.Async()</c>: elements cross in batches of half the boundary's buffer, each side wakes
/// the other at most once per batch, and a partial batch still reaches downstream when upstream goes quiet.
/// </summary>
public sealed class AsyncBoundaryTests(ITestOutputHelper output) : StreamTest
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(1, 2)]
    [InlineData(2, 8)]
    [InlineData(16, 64)]
    public async Task Elements_cross_several_boundaries_with_random_stalls_in_order_and_exactly_once(int initial, int max)
    {
        const int n = 60_000;
        var seed = Environment.TickCount;
        output.WriteLine($"seed {seed}, buffer ({initial}, {max})");
        var buffer = StageAttributes.InputBuffer(initial, max);
        var (count, last, ordered) = await Source.From(Enumerable.Range(0, n)).Async()
            .Select(Stall<int>(seed + 1)).WithAttributes(buffer).Async()
            .Select(x => (long)x).WithAttributes(buffer).Async()
            .Select(Stall<long>(seed + 2)).WithAttributes(buffer).Async()
            .RunWith(
                Sink.Aggregate<long, (int Count, long Last, bool Ordered)>(
                    (0, -1, true), (acc, x) => (acc.Count + 1, x, acc.Ordered && x == acc.Last + 1)).WithAttributes(buffer),
                Mat)
            .WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(n, count);
        Assert.Equal(n - 1L, last);
        Assert.True(ordered, $"out of order (seed {seed})");
    }

    [Fact]
    public async Task Reference_elements_cross_boundaries_in_order_and_exactly_once()
    {
        const int n = 20_000;
        var seed = Environment.TickCount;
        output.WriteLine($"seed {seed}");
        var result = await Source.From(Enumerable.Range(0, n)).Select(x => x.ToString(System.Globalization.CultureInfo.InvariantCulture)).Async()
            .Select(Stall<string>(seed)).Async()
            .RunWith(Sink.Seq<string>().WithAttributes(StageAttributes.InputBuffer(2, 4)), Mat)
            .WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(Enumerable.Range(0, n).Select(x => x.ToString(System.Globalization.CultureInfo.InvariantCulture)), result);
    }

    [Fact]
    public async Task In_flight_elements_across_three_boundaries_never_exceed_their_buffers()
    {
        const int n = 30_000;
        long emitted = 0, consumed = 0, maxInFlight = 0;
        var buffer = StageAttributes.InputBuffer(4, 8);
        await Source.From(Enumerable.Range(0, n))
            .Select(x => { Interlocked.Increment(ref emitted); return x; }).Async()
            .Select(x => x).WithAttributes(buffer).Async()
            .Select(x => x).WithAttributes(buffer).Async()
            .RunWith(Sink.ForEach<int>(_ =>
            {
                maxInFlight = Math.Max(maxInFlight, Interlocked.Read(ref emitted) - consumed);
                Thread.SpinWait(100);
                consumed++;
            }).WithAttributes(buffer), Mat).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(n, consumed);
        // Three rings of 8, plus at most one element held by each of the four fused chains around them.
        Assert.True(maxInFlight <= (3 * 8) + 4, $"in flight {maxInFlight}");
    }

    [Fact]
    public void A_partial_batch_reaches_downstream_when_upstream_goes_quiet()
    {
        // Three elements are far less than a batch (half of 64): they must not wait for more.
        var (up, down) = TestSource.Probe<int>().Async().Select(x => x * 10).Async()
            .ToMaterialized(TestSink.Probe<int>(), Keep.Both).Run(Mat);
        down.Request(100);
        up.ExpectRequest();
        up.SendNext(1).SendNext(2).SendNext(3);
        down.ExpectNext(10, 20, 30);
        up.SendNext(4);
        down.ExpectNext(40);
        up.SendComplete();
        down.ExpectComplete();
    }

    [Fact]
    public void Completion_after_a_partly_filled_batch_delivers_the_batch_first()
    {
        var (up, down) = TestSource.Probe<int>().Async().Async()
            .ToMaterialized(TestSink.Probe<int>(), Keep.Both).Run(Mat);
        up.ExpectRequest();
        up.SendNext(Enumerable.Range(1, 5)).SendComplete();
        down.Request(10).ExpectNext(1, 2, 3, 4, 5).ExpectComplete();
    }

    [Fact]
    public void Failure_after_a_partly_filled_batch_delivers_the_batch_then_the_failure()
    {
        var (up, down) = TestSource.Probe<int>().Async().Select(x => x).Async()
            .ToMaterialized(TestSink.Probe<int>(), Keep.Both).Run(Mat);
        up.ExpectRequest();
        up.SendNext(Enumerable.Range(1, 3)).SendError(new InvalidOperationException("boom"));
        down.Request(10).ExpectNext(1, 2, 3);
        Assert.Equal("boom", down.ExpectError().Message);
    }

    [Fact]
    public async Task A_failing_source_behind_a_boundary_fails_the_stream_after_its_elements()
    {
        // The source's OnPull runs nested in the boundary's handler: the source, not the boundary, gets the blame.
        var result = new List<int>();
        var task = Source.From(Throwing(50)).Named("numbers").Async().RunWith(Sink.ForEach<int>(result.Add), Mat);
        var ex = await Assert.ThrowsAsync<StreamStageException>(() => task.WaitAsync(Wait));
        Assert.Equal("numbers", ex.StageName);
        Assert.Equal(Enumerable.Range(1, 50), result);
    }

    [Fact]
    public async Task A_stage_failing_right_after_a_boundary_is_the_one_blamed()
    {
        // The stage's OnPush runs nested in the input boundary's handler.
        var result = new List<int>();
        var task = Source.From(Enumerable.Range(1, 100)).Async()
            .Select(x => x == 40 ? throw new InvalidOperationException("at 40") : x)
            .RunWith(Sink.ForEach<int>(result.Add), Mat);
        var ex = await Assert.ThrowsAsync<StreamStageException>(() => task.WaitAsync(Wait));
        Assert.Equal("select", ex.StageName);
        Assert.Equal(Enumerable.Range(1, 39), result);
    }

    [Fact]
    public void Cancellation_reaches_an_upstream_that_waits_for_credit()
    {
        var (up, down) = TestSource.Probe<int>().Async()
            .ToMaterialized(TestSink.Probe<int>().WithAttributes(StageAttributes.InputBuffer(2, 2)), Keep.Both).Run(Mat);
        up.ExpectRequest();
        up.SendNext(1);
        up.ExpectRequest();
        up.SendNext(2);

        // The ring is full and nothing was consumed: upstream has no credit left and waits.
        up.ExpectNoMessage(TimeSpan.FromMilliseconds(50));
        down.Cancel();
        up.ExpectCancellation();
    }

    [Fact]
    public async Task A_slow_consumer_gets_every_element_through_a_tiny_buffer()
    {
        const int n = 20_000;
        long sum = 0;
        var count = 0;
        await Source.From(Enumerable.Range(1, n)).Async()
            .RunWith(Sink.ForEach<int>(x =>
            {
                Thread.SpinWait(30);
                sum += x;
                count++;
            }).WithAttributes(StageAttributes.InputBuffer(1, 4)), Mat)
            .WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(n, count);
        Assert.Equal((long)n * (n + 1) / 2, sum);
    }

    [Fact]
    public async Task A_slow_producer_feeds_a_fast_consumer_through_many_partial_batches()
    {
        const int n = 5_000;
        var result = await Source.From(Enumerable.Range(0, n))
            .Select(x =>
            {
                Thread.SpinWait(200);
                return x;
            }).Async()
            .RunWith(Sink.Seq<int>(), Mat)
            .WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(Enumerable.Range(0, n), result);
    }

    internal static Func<T, T> Stall<T>(int seed)
    {
        var random = new Random(seed);
        return x =>
        {
            // Now and then a stall, long or short, so that each side in turn finds the ring empty or full.
            var r = random.Next(1000);
            if (r < 5)
            {
                Thread.Yield();
            }
            else if (r < 50)
            {
                Thread.SpinWait(random.Next(1, 2000));
            }

            return x;
        };
    }

    private static IEnumerable<int> Throwing(int after)
    {
        for (var i = 1; i <= after; i++)
        {
            yield return i;
        }

        throw new InvalidOperationException($"after {after}");
    }
}
