using Sluice.Graphs.Dsl;
using Sluice.TestKit.Streams;

namespace Sluice.Graphs.Tests;

public sealed class RestartTests : StreamTest
{
    private static readonly RestartSettings Backoff = new(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(4), 0);

    [Fact]
    public void Backoff_doubles_up_to_the_maximum_and_jitter_stretches_it()
    {
        Assert.Equal(TimeSpan.FromSeconds(1), Backoff.DelayFor(1, 0));
        Assert.Equal(TimeSpan.FromSeconds(2), Backoff.DelayFor(2, 0));
        Assert.Equal(TimeSpan.FromSeconds(4), Backoff.DelayFor(3, 0));
        Assert.Equal(TimeSpan.FromSeconds(4), Backoff.DelayFor(10, 0));
        Assert.Equal(TimeSpan.FromSeconds(1.5), (Backoff with { RandomFactor = 0.5 }).DelayFor(1, 1.0));
    }

    [Fact]
    public void RestartSource_restarts_after_each_completion_with_growing_backoff()
    {
        var starts = 0;
        var down = RestartSource.WithBackoff(() => { starts++; return Source.From([starts * 10, starts * 10 + 1]); }, Backoff)
            .RunWith(TestSink.Probe<int>(), Mat);
        down.Request(10).ExpectNext(10, 11);
        AwaitCondition(() => Clock.ActiveTimers >= 1);
        down.ExpectNoMessage(TimeSpan.FromMilliseconds(30));
        Clock.Advance(TimeSpan.FromSeconds(1));
        down.ExpectNext(20, 21);
        AwaitCondition(() => Clock.ActiveTimers >= 1);
        Clock.Advance(TimeSpan.FromSeconds(1));
        down.ExpectNoMessage(TimeSpan.FromMilliseconds(30));
        Clock.Advance(TimeSpan.FromSeconds(1));
        down.ExpectNext(30, 31);
        down.Cancel();
    }

    [Fact]
    public void RestartSource_on_failures_only_completes_when_the_source_completes()
    {
        var starts = 0;
        var down = RestartSource.OnFailuresWithBackoff(
                () => ++starts == 1 ? Source.From([1, 0]).Select(x => 10 / x) : Source.From([2]),
                Backoff)
            .RunWith(TestSink.Probe<int>(), Mat);
        down.Request(10).ExpectNext(10);
        AwaitCondition(() => Clock.ActiveTimers >= 1);
        Clock.Advance(TimeSpan.FromSeconds(1));
        down.ExpectNext(2).ExpectComplete();
    }

    [Fact]
    public void RestartSource_gives_up_after_max_restarts_with_the_last_failure()
    {
        var error = new InvalidOperationException("always");
        var down = RestartSource.WithBackoff(() => Source.Failed<int>(error), Backoff with { MaxRestarts = 2 })
            .RunWith(TestSink.Probe<int>(), Mat);
        down.Request(1);
        for (var i = 0; i < 2; i++)
        {
            AwaitCondition(() => Clock.ActiveTimers >= 1);
            Clock.Advance(TimeSpan.FromSeconds(4));
        }

        Assert.Same(error, down.ExpectError());
    }

    [Fact]
    public void RestartFlow_restarts_a_failed_flow_and_keeps_serving_upstream()
    {
        var flow = RestartFlow.WithBackoff(() => Flow.Create<int>().Select(x => x < 0 ? throw new InvalidOperationException() : x * 10), Backoff);
        var (up, down) = TestSource.Probe<int>().Via(flow).ToMaterialized(TestSink.Probe<int>(), Keep.Both).Run(Mat);
        down.Request(10);
        up.SendNext(1);
        down.ExpectNext(10);
        up.SendNext(-1);
        AwaitCondition(() => Clock.ActiveTimers >= 1);
        Clock.Advance(TimeSpan.FromSeconds(1));
        up.SendNext(2);
        down.ExpectNext(20);
        up.SendComplete();
        down.ExpectComplete();
    }

    [Fact]
    public async Task RestartSink_restarts_a_failed_sink()
    {
        var seen = new System.Collections.Concurrent.ConcurrentQueue<int>();
        var sink = RestartSink.WithBackoff(() => Sink.ForEach<int>(x =>
        {
            if (x == 3 && !seen.Contains(-3))
            {
                seen.Enqueue(-3);
                throw new InvalidOperationException("sink broke");
            }

            seen.Enqueue(x);
        }), Backoff);
        var up = TestSource.Probe<int>().To(sink).Run(Mat);
        up.SendNext([1, 2, 3]);
        AwaitCondition(() => Clock.ActiveTimers >= 1);
        Clock.Advance(TimeSpan.FromSeconds(1));
        up.SendNext(4).SendComplete();
        AwaitCondition(() => seen.Contains(4));
        Assert.Equal([1, 2, -3, 4], seen);
        await Task.CompletedTask;
    }
}
