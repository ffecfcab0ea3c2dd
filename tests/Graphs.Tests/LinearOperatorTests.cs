using Sluice.Graphs.Dsl;
using Sluice.Graphs.Supervision;
using Sluice.TestKit.Streams;

namespace Sluice.Graphs.Tests;

public sealed class LinearOperatorTests : StreamTest
{
    private Task<IReadOnlyList<T>> Run<T>(Source<T, NotUsed> source) => source.RunWith(Sink.Seq<T>(), Mat);

    private static Source<int, NotUsed> Range(int from, int count) => Source.From(Enumerable.Range(from, count));

    [Fact]
    public async Task Select_and_Where_transform_and_filter_in_order() =>
        Assert.Equal([2, 4, 8, 10, 14, 16, 20], await Run(Range(1, 10).Select(x => x * 2).Where(x => x % 3 != 0)));

    [Fact]
    public async Task SelectMany_flattens_sequences_in_order() =>
        Assert.Equal([1, 1, 2, 2, 3, 3], await Run(Range(1, 3).SelectMany(x => new[] { x, x })));

    [Fact]
    public async Task Collect_keeps_matches_of_the_partial_function()
    {
        static bool Even(int x, out string s)
        {
            s = $"e{x}";
            return x % 2 == 0;
        }

        Assert.Equal(["e2", "e4"], await Run(Range(1, 5).Collect<int, string, NotUsed>(Even)));
    }

    [Fact]
    public async Task Scan_emits_seed_then_running_totals() =>
        Assert.Equal([0, 1, 3, 6], await Run(Range(1, 3).Scan(0, (a, x) => a + x)));

    [Fact]
    public async Task Scan_of_an_empty_stream_emits_the_seed() =>
        Assert.Equal([7], await Run(Source.Empty<int>().Scan(7, (a, x) => a + x)));

    [Fact]
    public async Task Aggregate_emits_the_total_on_completion() =>
        Assert.Equal([55], await Run(Range(1, 10).Aggregate(0, (a, x) => a + x)));

    [Fact]
    public async Task Take_TakeWhile_Skip_SkipWhile_select_the_right_slices()
    {
        Assert.Equal([1, 2, 3], await Run(Range(1, 10).Take(3)));
        Assert.Empty(await Run(Range(1, 10).Take(0)));
        Assert.Equal([1, 2], await Run(Range(1, 10).TakeWhile(x => x < 3)));
        Assert.Equal([1, 2, 3], await Run(Range(1, 10).TakeWhile(x => x < 3, inclusive: true)));
        Assert.Equal([9, 10], await Run(Range(1, 10).Skip(8)));
        Assert.Equal([5, 1], await Run(Source.From([1, 3, 5, 1]).SkipWhile(x => x < 4)));
    }

    [Fact]
    public void Take_cancels_upstream_after_the_last_element()
    {
        var (up, down) = TestSource.Probe<int>().Take(2).ToMaterialized(TestSink.Probe<int>(), Keep.Both).Run(Mat);
        down.Request(5);
        up.SendNext(1).SendNext(2);
        down.ExpectNext(1, 2).ExpectComplete();
        Assert.Null(up.ExpectCancellation());
    }

    [Fact]
    public async Task Grouped_emits_full_groups_and_the_rest()
    {
        var groups = await Run(Range(1, 7).Grouped(3));
        Assert.Equal([[1, 2, 3], [4, 5, 6], [7]], groups.Select(g => g.ToArray()));
    }

    [Fact]
    public async Task Intersperse_puts_separators_between_and_start_end_around()
    {
        Assert.Equal(["a", ",", "b", ",", "c"], await Run(Source.From(["a", "b", "c"]).Intersperse(",")));
        Assert.Equal(["[", "a", ",", "b", "]"], await Run(Source.From(["a", "b"]).Intersperse("[", ",", "]")));
        Assert.Equal(["[", "]"], await Run(Source.Empty<string>().Intersperse("[", ",", "]")));
    }

    [Fact]
    public async Task Distinct_drops_repeats_within_the_window_only()
    {
        Assert.Equal([1, 2, 3, 1], await Run(Source.From([1, 2, 1, 3, 2, 3, 1]).Distinct(2)));
        Assert.Equal(["a", "b"], await Run(Source.From(["a", "A", "b"]).DistinctBy(s => s.ToUpperInvariant(), 10)));
    }

    [Fact]
    public async Task Recover_emits_a_last_element_and_completes()
    {
        var result = await Run(Range(1, 5).Select(x => x == 3 ? throw new InvalidOperationException("bad") : x).Recover(_ => -1));
        Assert.Equal([1, 2, -1], result);
    }

    [Fact]
    public async Task Recover_with_a_rejecting_predicate_keeps_the_failure()
    {
        var task = Run(Source.Failed<int>(new ArgumentException("x")).Recover(_ => -1, e => e is TimeoutException));
        await Assert.ThrowsAsync<ArgumentException>(() => task);
    }

    [Fact]
    public async Task RecoverWith_switches_to_the_alternative_source()
    {
        var result = await Run(Range(1, 5).Select(x => x == 3 ? throw new InvalidOperationException("bad") : x)
            .RecoverWith(_ => Range(100, 3)));
        Assert.Equal([1, 2, 100, 101, 102], result);
    }

    [Fact]
    public async Task RecoverWith_gives_up_after_max_retries()
    {
        var task = Run(Source.Failed<int>(new InvalidOperationException("first"))
            .RecoverWith(_ => Source.Failed<int>(new InvalidOperationException("again")), maxRetries: 2));
        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => task);
        Assert.Equal("again", ex.Message);
    }

    [Fact]
    public async Task MapError_replaces_the_exception()
    {
        var task = Run(Source.Failed<int>(new ArgumentException("x")).MapError(e => new TimeoutException("mapped", e)));
        var ex = await Assert.ThrowsAsync<TimeoutException>(() => task);
        Assert.IsType<ArgumentException>(ex.InnerException);
    }

    [Fact]
    public async Task A_throwing_stage_fails_the_completion_task_naming_the_stage()
    {
        var task = Range(1, 10).Select(x => x == 5 ? throw new ArgumentException("boom") : x).RunWith(Sink.Ignore<int>(), Mat);
        var ex = await Assert.ThrowsAsync<StreamStageException>(() => task);
        Assert.Equal("select", ex.StageName);
        Assert.Contains("'select'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("boom", ex.Message, StringComparison.Ordinal);
        Assert.IsType<ArgumentException>(ex.InnerException);
    }

    [Fact]
    public async Task A_failure_reaches_every_sink_and_cancels_the_source()
    {
        var (up, done) = TestSource.Probe<int>().Select(x => 10 / x).ToMaterialized(Sink.Ignore<int>(), Keep.Both).Run(Mat);
        up.SendNext(1).SendNext(0);
        await Assert.ThrowsAsync<StreamStageException>(() => done);
        Assert.IsType<StreamStageException>(up.ExpectCancellation());
    }

    [Fact]
    public async Task Resume_decider_drops_the_failing_element()
    {
        var result = await Run(Range(1, 5).Select(x => x == 3 ? throw new InvalidOperationException() : x)
            .WithAttributes(StageAttributes.Supervision(Deciders.Resuming)));
        Assert.Equal([1, 2, 4, 5], result);
    }

    [Fact]
    public async Task Restart_decider_resets_the_state_of_scan()
    {
        var flow = Flow.Create<int>().Scan(0, (acc, x) => x < 0 ? throw new InvalidOperationException() : acc + x)
            .WithAttributes(StageAttributes.Supervision(Deciders.Restarting));
        var result = await Run(Source.From([1, 2, -1, 3]).Via(flow));
        Assert.Equal([0, 1, 3, 3], result);
    }

    [Fact]
    public async Task Resume_decider_applies_to_where_and_select_many_too()
    {
        var resume = StageAttributes.Supervision(Deciders.Resuming);
        Assert.Equal([1, 2, 4], await Run(Range(1, 4).Where(x => x == 3 ? throw new InvalidOperationException() : true).WithAttributes(resume)));
        Assert.Equal([1, 1, 3, 3], await Run(Range(1, 3).SelectMany(x => x == 2 ? throw new InvalidOperationException() : new[] { x, x }).WithAttributes(resume)));
    }

    [Fact]
    public async Task Stop_is_the_default_decider()
    {
        var task = Run(Range(1, 5).Where(x => x == 2 ? throw new InvalidOperationException("w") : true));
        var ex = await Assert.ThrowsAsync<StreamStageException>(() => task);
        Assert.Equal("where", ex.StageName);
    }

    [Fact]
    public void Pushing_null_fails_the_stage_with_a_clear_message()
    {
        var down = Source.From(["a", null!, "b"]).Select(s => s).RunWith(TestSink.Probe<string>(), Mat);
        down.Request(3).ExpectNext("a");
        var ex = down.ExpectError();
        Assert.Contains("null", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Log_passes_elements_through()
    {
        Assert.Equal([1, 2], await Run(Range(1, 2).Log("numbers")));
    }

    [Fact]
    public async Task WatchTermination_completes_with_the_stream_and_fails_with_it()
    {
        var (done, result) = Range(1, 3).WatchTermination(Keep.Right).ToMaterialized(Sink.Seq<int>(), Keep.Both).Run(Mat);
        await done;
        Assert.Equal([1, 2, 3], await result);

        var failed = Source.Failed<int>(new InvalidOperationException("f")).WatchTermination(Keep.Right).To(Sink.Ignore<int>()).Run(Mat);
        await Assert.ThrowsAsync<InvalidOperationException>(() => failed);
    }
}
