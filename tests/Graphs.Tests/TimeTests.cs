using Sluice.Graphs.Dsl;
using Sluice.TestKit.Streams;

namespace Sluice.Graphs.Tests;

/// <summary>Time-driven operators on the virtual clock. Each test first makes sure the stage started (its timers exist).</summary>
public sealed class TimeTests : StreamTest
{
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);

    private (TestPublisherProbe<int> Up, TestSubscriberProbe<T> Down) Probe<T>(Flow<int, T, NotUsed> flow) =>
        TestSource.Probe<int>().Via(flow).ToMaterialized(TestSink.Probe<T>(), Keep.Both).Run(Mat);

    private void AwaitTimers(int count) => AwaitCondition(() => Clock.ActiveTimers >= count);

    [Fact]
    public void GroupedWithin_emits_a_full_group_at_once()
    {
        var (up, down) = Probe(Flow.Create<int>().GroupedWithin(3, Second));
        down.Request(10);
        up.SendNext([1, 2, 3, 4]);
        Assert.Equal([1, 2, 3], down.ExpectNext());
        down.ExpectNoMessage(TimeSpan.FromMilliseconds(50));
    }

    [Fact]
    public void GroupedWithin_emits_a_partial_group_when_the_interval_elapses_and_never_an_empty_one()
    {
        var (up, down) = Probe(Flow.Create<int>().GroupedWithin(10, Second));
        down.Request(10);
        up.ExpectRequest();
        AwaitTimers(1);
        up.SendNext([1, 2]);
        up.ExpectRequest();
        up.ExpectRequest();
        Clock.Advance(Second);
        Assert.Equal([1, 2], down.ExpectNext());
        Clock.Advance(Second);
        down.ExpectNoMessage(TimeSpan.FromMilliseconds(50));
        up.SendNext(3).SendComplete();
        Assert.Equal([3], down.ExpectNext());
        down.ExpectComplete();
    }

    [Fact]
    public void Throttle_lets_a_burst_through_then_one_element_per_period()
    {
        var (up, down) = Probe(Flow.Create<int>().Throttle(1, Second, 2));
        down.Request(10);
        up.SendNext([1, 2, 3, 4]);
        down.ExpectNext(1, 2);
        AwaitTimers(1);
        down.ExpectNoMessage(TimeSpan.FromMilliseconds(50));
        Clock.Advance(Second);
        down.ExpectNext(3);
        AwaitTimers(1);
        Clock.Advance(Second);
        down.ExpectNext(4);
    }

    [Fact]
    public void Throttle_in_enforcing_mode_fails_when_the_rate_is_exceeded()
    {
        var (up, down) = Probe(Flow.Create<int>().Throttle(1, Second, 1, ThrottleMode.Enforcing));
        down.Request(10);
        up.SendNext([1, 2]);
        down.ExpectNext(1);
        Assert.IsType<StreamStageException>(down.ExpectError());
    }

    [Fact]
    public void Throttle_with_a_cost_function_charges_each_element_its_cost()
    {
        var (up, down) = Probe(Flow.Create<int>().Throttle(10, Second, 10, x => x, ThrottleMode.Shaping));
        down.Request(10);
        up.SendNext([6, 4, 5]);
        down.ExpectNext(6, 4);
        AwaitTimers(1);
        Clock.Advance(TimeSpan.FromMilliseconds(500));
        down.ExpectNext(5);
    }

    [Fact]
    public void Delay_shifts_elements_by_the_delay()
    {
        var (up, down) = Probe(Flow.Create<int>().Delay(Second));
        down.Request(10);
        up.ExpectRequest();
        up.SendNext(1);
        AwaitTimers(1);
        down.ExpectNoMessage(TimeSpan.FromMilliseconds(50));
        Clock.Advance(Second);
        down.ExpectNext(1);
        up.SendComplete();
        down.ExpectComplete();
    }

    [Fact]
    public void Sample_emits_the_latest_element_per_interval()
    {
        var (up, down) = Probe(Flow.Create<int>().Sample(Second));
        down.Request(10);
        up.ExpectRequest();
        AwaitTimers(1);
        up.SendNext([1, 2, 3]);
        up.ExpectRequest();
        up.ExpectRequest();
        up.ExpectRequest();
        Clock.Advance(Second);
        down.ExpectNext(3);
        Clock.Advance(Second);
        down.ExpectNoMessage(TimeSpan.FromMilliseconds(50));
    }

    [Fact]
    public void KeepAlive_injects_when_idle()
    {
        var (up, down) = Probe(Flow.Create<int>().KeepAlive(Second, () => -1));
        down.Request(1);
        up.ExpectRequest();
        AwaitTimers(1);
        Clock.Advance(Second);
        down.ExpectNext(-1);
        down.Request(1);
        up.SendNext(5);
        down.ExpectNext(5);
    }

    [Fact]
    public void InitialTimeout_fails_when_the_first_element_is_late()
    {
        var (up, down) = Probe(Flow.Create<int>().InitialTimeout(Second));
        down.Request(1);
        up.ExpectRequest();
        AwaitTimers(1);
        Clock.Advance(Second);
        var ex = Assert.IsType<StreamStageException>(down.ExpectError());
        Assert.IsType<TimeoutException>(ex.InnerException);
        Assert.Equal("initial-timeout", ex.StageName);
    }

    [Fact]
    public void IdleTimeout_fails_after_a_quiet_period_but_not_while_elements_flow()
    {
        var (up, down) = Probe(Flow.Create<int>().IdleTimeout(Second));
        down.Request(10);
        up.ExpectRequest();
        AwaitTimers(1);
        Clock.Advance(TimeSpan.FromMilliseconds(600));
        up.SendNext(1);
        down.ExpectNext(1);
        Clock.Advance(TimeSpan.FromMilliseconds(600));
        down.ExpectNoMessage(TimeSpan.FromMilliseconds(30));
        Clock.Advance(TimeSpan.FromMilliseconds(600));
        Assert.IsType<TimeoutException>(down.ExpectError().InnerException);
    }

    [Fact]
    public void CompletionTimeout_fails_a_stream_that_runs_too_long()
    {
        var (up, down) = Probe(Flow.Create<int>().CompletionTimeout(Second));
        down.Request(10);
        up.ExpectRequest();
        AwaitTimers(1);
        up.SendNext(1);
        down.ExpectNext(1);
        Clock.Advance(Second);
        Assert.IsType<TimeoutException>(down.ExpectError().InnerException);
    }

    [Fact]
    public void Tick_emits_on_the_clock_and_drops_ticks_without_demand()
    {
        var down = Source.Tick(Second, Second, "t").RunWith(TestSink.Probe<string>(), Mat);
        down.ExpectSubscription();
        AwaitTimers(1);
        Clock.Advance(Second);
        down.ExpectNoMessage(TimeSpan.FromMilliseconds(30));
        down.Request(1);
        Clock.Advance(Second);
        down.ExpectNext("t");
    }
}
