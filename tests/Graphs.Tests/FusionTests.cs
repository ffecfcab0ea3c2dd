using Sluice.Graphs.Dsl;
using Sluice.Graphs.Materialization;
using Sluice.Graphs.Stage;
using Sluice.Graphs.Supervision;

namespace Sluice.Graphs.Tests;

public sealed class FusionTests : StreamTest
{
    private static int Stages(Module module) => module switch
    {
        StageModule => 1,
        CompositeModule c => c.Children.Sum(Stages),
        _ => 0,
    };

    private static int Stages<T, TMat>(IGraph<SourceShape<T>, TMat> graph) => Stages(graph.Module);

    [Fact]
    public async Task Select_and_where_stages_after_an_enumerable_source_become_one_stage_with_the_same_results()
    {
        var source = Source.From(Enumerable.Range(0, 100)).Select(x => x + 1).Where(x => x % 2 == 0).Select(x => x * 3L);

        Assert.Equal(1, Stages(source));
        Assert.Equal(
            Enumerable.Range(0, 100).Select(x => x + 1).Where(x => x % 2 == 0).Select(x => x * 3L).ToList(),
            await source.RunWith(Sink.Seq<long>(), Mat).WaitAsync(Wait));
    }

    [Fact]
    public async Task A_failure_inside_a_fused_chain_names_the_stage_that_threw()
    {
        var task = Source.From(Enumerable.Range(1, 10)).Select(x => x).Where(x => x == 4 ? throw new ArgumentException("w4") : true).Select(x => x)
            .RunWith(Sink.Ignore<int>(), Mat);

        var ex = await Assert.ThrowsAsync<StreamStageException>(() => task.WaitAsync(Wait));
        Assert.Equal("where", ex.StageName);
        Assert.IsType<ArgumentException>(ex.InnerException);
    }

    [Fact]
    public async Task A_resuming_decider_on_a_fused_chain_drops_only_the_failing_element()
    {
        var result = await Source.From(Enumerable.Range(1, 6))
            .Select(x => x == 2 ? throw new InvalidOperationException() : x)
            .Where(x => x == 5 ? throw new InvalidOperationException() : true)
            .WithAttributes(StageAttributes.Supervision(Deciders.Resuming))
            .RunWith(Sink.Seq<int>(), Mat).WaitAsync(Wait);

        Assert.Equal([1, 3, 4, 6], result);
    }

    [Fact]
    public async Task The_decider_only_reaches_the_stages_it_was_given_to()
    {
        // The resuming decider covers the first select only: the where after it must not be fused into its scope.
        var task = Source.From(Enumerable.Range(1, 6))
            .Select(x => x == 2 ? throw new InvalidOperationException() : x)
            .WithAttributes(StageAttributes.Supervision(Deciders.Resuming))
            .Where(x => x == 5 ? throw new InvalidOperationException("stop") : true)
            .RunWith(Sink.Seq<int>(), Mat);

        var ex = await Assert.ThrowsAsync<StreamStageException>(() => task.WaitAsync(Wait));
        Assert.Equal("where", ex.StageName);
    }

    [Fact]
    public async Task Names_and_async_boundaries_break_a_chain_and_a_shared_prefix_stays_intact()
    {
        var prefix = Source.From(Enumerable.Range(1, 4)).Select(x => x * 10);
        var named = prefix.Named("tens").Select(x => x + 1);
        var split = prefix.Async().Select(x => x + 2);
        var fused = prefix.Select(x => x + 3);

        Assert.Equal(2, Stages(named));
        Assert.Equal(2, Stages(split));
        Assert.Equal(1, Stages(fused));
        Assert.Equal([10, 20, 30, 40], await prefix.RunWith(Sink.Seq<int>(), Mat).WaitAsync(Wait));
        Assert.Equal([11, 21, 31, 41], await named.RunWith(Sink.Seq<int>(), Mat).WaitAsync(Wait));
        Assert.Equal([12, 22, 32, 42], await split.RunWith(Sink.Seq<int>(), Mat).WaitAsync(Wait));
        Assert.Equal([13, 23, 33, 43], await fused.RunWith(Sink.Seq<int>(), Mat).WaitAsync(Wait));
    }

    [Fact]
    public async Task A_long_run_of_dropped_elements_yields_and_still_emits_every_passing_element()
    {
        var result = await Source.From(Enumerable.Range(0, 10_000)).Where(x => x % 1000 == 999).Select(x => x + 1)
            .RunWith(Sink.Seq<int>(), Mat).WaitAsync(Wait);

        Assert.Equal(Enumerable.Range(1, 10).Select(x => x * 1000).ToList(), result);
    }

    [Fact]
    public async Task A_stage_after_a_non_fusible_stage_starts_a_new_chain()
    {
        var source = Source.From(Enumerable.Range(1, 6)).Select(x => x * 2).Take(4).Select(x => x + 1).Where(x => x > 3);

        Assert.Equal(3, Stages(source));
        Assert.Equal([5, 7, 9], await source.RunWith(Sink.Seq<int>(), Mat).WaitAsync(Wait));
    }

    [Fact]
    public async Task Flows_fuse_their_select_and_where_stages_too()
    {
        var flow = Flow.Create<int>().Select(x => x + 1).Where(x => x > 2).Select(x => x.ToString(System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(1, Stages(((IGraph<FlowShape<int, string>, NotUsed>)flow).Module));
        Assert.Equal(["3", "4"], await Source.From([1, 2, 3]).Via(flow).RunWith(Sink.Seq<string>(), Mat).WaitAsync(Wait));
    }
}
