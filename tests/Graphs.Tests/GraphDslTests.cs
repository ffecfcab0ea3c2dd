using Sluice.Graphs.Dsl;
using Sluice.Graphs.Junctions;
using Sluice.Graphs.Stage;
using Sluice.TestKit.Streams;

namespace Sluice.Graphs.Tests;

public sealed class GraphDslTests : StreamTest
{
    private static Source<int, NotUsed> Range(int from, int count) => Source.From(Enumerable.Range(from, count));

    [Fact]
    public async Task Broadcast_and_zip_combine_two_branches_of_one_stream()
    {
        var flow = Flow.FromGraph(GraphDsl.Create(b =>
        {
            var bcast = b.Add(new Broadcast<int>(2));
            var zip = b.Add(Zip.Create<int, int>());
            b.From(bcast.Out(0)).Via(Flow.Create<int>().Select(x => x * 10)).To(zip.In0);
            b.From(bcast.Out(1)).To(zip.In1);
            return new FlowShape<int, (int, int)>(bcast.In, zip.Out);
        }));
        Assert.Equal([(10, 1), (20, 2), (30, 3)], await Range(1, 3).Via(flow).RunWith(Sink.Seq<(int, int)>(), Mat));
    }

    [Fact]
    public async Task Broadcast_to_two_sinks_gives_both_every_element()
    {
        var graph = GraphDsl.Create(Sink.Seq<int>(), Sink.Seq<int>(), Keep.Both, (b, s1, s2) =>
        {
            var bcast = b.Add(new Broadcast<int>(2));
            b.From(Range(1, 100)).To(bcast.In);
            b.From(bcast.Out(0)).To(s1.In);
            b.From(bcast.Out(1)).Via(Flow.Create<int>().Buffer(4, OverflowStrategy.Backpressure).Async()).To(s2.In);
            return ClosedShape.Instance;
        });
        var (a, c) = RunnableGraph.FromGraph(graph).Run(Mat);
        Assert.Equal(Enumerable.Range(1, 100), await a);
        Assert.Equal(Enumerable.Range(1, 100), await c);
    }

    [Fact]
    public async Task Merge_emits_every_element_of_every_input()
    {
        var source = Source.FromGraph(GraphDsl.Create(b =>
        {
            var merge = b.Add(new Merge<int>(3));
            b.From(Range(0, 100)).To(merge.In(0));
            b.From(Range(100, 100).Async()).To(merge.In(1));
            b.From(Range(200, 100)).To(merge.In(2));
            return new SourceShape<int>(merge.Out);
        }));
        var all = await source.RunWith(Sink.Seq<int>(), Mat);
        Assert.Equal(Enumerable.Range(0, 300), all.Order());
        // Each input's own order is kept.
        Assert.Equal(Enumerable.Range(100, 100), all.Where(x => x is >= 100 and < 200));
    }

    [Fact]
    public void MergePreferred_takes_the_preferred_input_first()
    {
        var (pref, other, down) = (default(TestPublisherProbe<int>)!, default(TestPublisherProbe<int>)!, default(TestSubscriberProbe<int>)!);
        var graph = GraphDsl.Create(TestSource.Probe<int>(), TestSource.Probe<int>(), Keep.Both, (b, p, o) =>
        {
            var merge = b.Add(new MergePreferred<int>(1));
            b.From(p.Out).To(merge.Preferred);
            b.From(o.Out).To(merge.In(0));
            b.From(merge.Out).To(TestSink.Probe<int>().MapMaterializedValue(x => down = x));
            return ClosedShape.Instance;
        });
        (pref, other) = RunnableGraph.FromGraph(graph).Run(Mat);
        down.ExpectSubscription();
        other.SendNext(1);
        pref.SendNext(100);
        other.ExpectRequest();
        pref.ExpectRequest();
        // Both elements wait (sends and requests run in order on the graph's one island): the preferred goes first.
        down.Request(1).ExpectNext(100);
        down.Request(1).ExpectNext(1);
    }

    [Fact]
    public async Task Partition_routes_each_element_by_index()
    {
        var graph = GraphDsl.Create(Sink.Seq<int>(), Sink.Seq<int>(), Keep.Both, (b, even, odd) =>
        {
            var part = b.Add(new Partition<int>(2, x => x % 2));
            b.From(Range(1, 10)).To(part.In);
            b.From(part.Out(0)).To(even.In);
            b.From(part.Out(1)).To(odd.In);
            return ClosedShape.Instance;
        });
        var (e, o) = RunnableGraph.FromGraph(graph).Run(Mat);
        Assert.Equal([2, 4, 6, 8, 10], await e);
        Assert.Equal([1, 3, 5, 7, 9], await o);
    }

    [Fact]
    public async Task Partition_fails_on_an_index_out_of_range()
    {
        var graph = GraphDsl.Create(Sink.Ignore<int>(), (b, sink) =>
        {
            var part = b.Add(new Partition<int>(2, x => x));
            var merge = b.Add(new Merge<int>(2));
            b.From(Range(0, 5)).To(part.In);
            b.From(part.Out(0)).To(merge.In(0));
            b.From(part.Out(1)).To(merge.In(1));
            b.From(merge.Out).To(sink.In);
            return ClosedShape.Instance;
        });
        var ex = await Assert.ThrowsAsync<StreamStageException>(() => RunnableGraph.FromGraph(graph).Run(Mat));
        Assert.Equal("partition", ex.StageName);
    }

    [Fact]
    public async Task Balance_spreads_elements_over_its_outputs()
    {
        var graph = GraphDsl.Create(Sink.Seq<int>(), Sink.Seq<int>(), Keep.Both, (b, s1, s2) =>
        {
            var balance = b.Add(new Balance<int>(2));
            b.From(Range(1, 1000)).To(balance.In);
            b.From(balance.Out(0)).Via(Flow.Create<int>().Async()).To(s1.In);
            b.From(balance.Out(1)).Via(Flow.Create<int>().Async()).To(s2.In);
            return ClosedShape.Instance;
        });
        var (a, c) = RunnableGraph.FromGraph(graph).Run(Mat);
        var all = (await a).Concat(await c).Order();
        Assert.Equal(Enumerable.Range(1, 1000), all);
    }

    [Fact]
    public async Task Concat_emits_inputs_one_after_another()
    {
        var source = Source.FromGraph(GraphDsl.Create(b =>
        {
            var concat = b.Add(new Concat<int>(3));
            b.From(Range(1, 3)).To(concat.In(0));
            b.From(Source.Empty<int>()).To(concat.In(1));
            b.From(Range(10, 2)).To(concat.In(2));
            return new SourceShape<int>(concat.Out);
        }));
        Assert.Equal([1, 2, 3, 10, 11], await source.RunWith(Sink.Seq<int>(), Mat));
    }

    [Fact]
    public async Task Interleave_takes_segments_in_turn_and_skips_finished_inputs()
    {
        var source = Source.FromGraph(GraphDsl.Create(b =>
        {
            var inter = b.Add(new Interleave<int>(2, 2));
            b.From(Range(1, 5)).To(inter.In(0));
            b.From(Range(10, 2)).To(inter.In(1));
            return new SourceShape<int>(inter.Out);
        }));
        Assert.Equal([1, 2, 10, 11, 3, 4, 5], await source.RunWith(Sink.Seq<int>(), Mat));
    }

    [Fact]
    public async Task ZipWith_completes_when_the_shorter_input_completes()
    {
        var source = Source.FromGraph(GraphDsl.Create(b =>
        {
            var zip = b.Add(new ZipWith<int, string, string>((i, s) => s + i));
            b.From(Range(1, 10)).To(zip.In0);
            b.From(Source.From(["a", "b"])).To(zip.In1);
            return new SourceShape<string>(zip.Out);
        }));
        Assert.Equal(["a1", "b2"], await source.RunWith(Sink.Seq<string>(), Mat));
    }

    [Fact]
    public async Task A_feedback_cycle_through_merge_broadcast_and_a_buffer_runs()
    {
        var graph = GraphDsl.Create(Sink.Seq<int>(), (b, sink) =>
        {
            var merge = b.Add(new Merge<int>(2));
            var bcast = b.Add(new Broadcast<int>(2, eagerCancel: true));
            b.From(Source.Single(0)).To(merge.In(0));
            b.From(merge.Out).To(bcast.In);
            b.From(bcast.Out(0)).Via(Flow.Create<int>().Take(5)).To(sink.In);
            b.From(bcast.Out(1)).Via(Flow.Create<int>().Select(x => x + 1).Buffer(4, OverflowStrategy.Backpressure)).To(merge.In(1));
            return ClosedShape.Instance;
        });
        Assert.Equal([0, 1, 2, 3, 4], await RunnableGraph.FromGraph(graph).Run(Mat).WaitAsync(Wait));
    }

    [Fact]
    public void Unconnected_ports_are_reported_by_name()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => GraphDsl.Create(b =>
        {
            var merge = b.Add(new Merge<int>(2));
            b.From(Range(1, 3)).To(merge.In(0));
            return new SourceShape<int>(merge.Out);
        }));
        Assert.Contains("merge.in1", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failure_in_one_branch_completes_every_sink_task()
    {
        var graph = GraphDsl.Create(Sink.Seq<int>(), Sink.Ignore<int>(), Keep.Both, (b, s1, s2) =>
        {
            var bcast = b.Add(new Broadcast<int>(2));
            b.From(Range(1, 10).Select(x => x == 5 ? throw new InvalidOperationException("x") : x)).To(bcast.In);
            b.From(bcast.Out(0)).To(s1.In);
            b.From(bcast.Out(1)).Via(Flow.Create<int>().Async()).To(s2.In);
            return ClosedShape.Instance;
        });
        var (a, c) = RunnableGraph.FromGraph(graph).Run(Mat);
        await Assert.ThrowsAsync<StreamStageException>(() => a.WaitAsync(Wait));
        await Assert.ThrowsAsync<StreamStageException>(() => c.WaitAsync(Wait));
    }

    [Fact]
    public async Task A_flow_blueprint_can_be_used_twice_in_one_graph()
    {
        var twice = Flow.Create<int>().Select(x => x * 2);
        Assert.Equal([4, 8], await Range(1, 2).Via(twice).Via(twice).RunWith(Sink.Seq<int>(), Mat));
    }
}
