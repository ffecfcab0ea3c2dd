using Sluice.Actors;
using Sluice.Host.Metrics;
using Sluice.Host.Web;
using Sluice.Persistence;
using Sluice.Persistence.Journal;
using Sluice.Persistence.Snapshots;

namespace Sluice.Host.Tests.Metrics;

/// <summary>
/// The journal histogram is process-wide and tagged by store only: this class runs alone (see <see cref="ProcessWideMetrics"/>)
/// and is the only user of the memory journal in this assembly, so the series counts its writes alone.
/// </summary>
[Collection(nameof(ProcessWideMetrics))]
public sealed class RuntimeMetricsTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Metrics_serves_journal_write_latency_as_a_histogram_and_mailbox_depth_as_a_gauge()
    {
        using var exporter = new PrometheusExporter();
        var systemName = "metrics-" + Guid.NewGuid().ToString("N")[..8];
        await using var system = ActorSystem.Create(systemName);
        SluicePersistence.Start(system, new MemoryJournal(), new MemorySnapshotStore());

        // Three commands, each persisted before the next is taken (Persist stashes): three batch writes.
        var persisted = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var writer = system.ActorOf(Props.Create(() => new Writer(persisted)), "writer");
        writer.Tell("a");
        writer.Tell("b");
        writer.Tell("c");
        Assert.Equal(3, await persisted.Task.WaitAsync(Wait));

        // One actor held in its first message, with five more queued behind it.
        using var release = new ManualResetEventSlim();
        var busy = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var held = system.ActorOf(Props.Create(() => new Held(busy, release)), "held");
        held.Tell(0);
        await busy.Task.WaitAsync(Wait);
        for (var i = 1; i <= 5; i++)
        {
            held.Tell(i);
        }

        PrometheusText text;
        try
        {
            await using var ui = await WebUi.StartAsync(new WebUiOptions(Port: 0), new EmptyCatalog(), exporter);
            using var http = new HttpClient { BaseAddress = ui.Address };
            text = PrometheusText.Parse(await http.GetStringAsync(new Uri("/metrics", UriKind.Relative)));
        }
        finally
        {
            release.Set();
        }

        Assert.Equal("histogram", text.Types["sluice_journal_write_duration_milliseconds"]);
        Assert.Equal("Duration of a journal batch write (one transaction), in milliseconds", text.Help["sluice_journal_write_duration_milliseconds"]);
        Assert.Equal(3, text.Samples["sluice_journal_write_duration_milliseconds_count{store=\"MemoryJournal\"}"]);
        Assert.Equal(3, text.Samples["sluice_journal_write_duration_milliseconds_bucket{store=\"MemoryJournal\",le=\"+Inf\"}"]);
        Assert.InRange(text.Samples["sluice_journal_write_duration_milliseconds_sum{store=\"MemoryJournal\"}"], 0, 3 * Wait.TotalMilliseconds);

        Assert.Equal("gauge", text.Types["sluice_actor_mailbox_depth"]);
        Assert.Equal(5, text.Samples[$"sluice_actor_mailbox_depth{{dispatcher=\"default\",system=\"{systemName}\"}}"]);
        Assert.Equal(0, text.Samples[$"sluice_actor_mailbox_depth{{dispatcher=\"pinned\",system=\"{systemName}\"}}"]);
    }

    private sealed class Writer(TaskCompletionSource<int> persisted) : PersistentActor
    {
        private int _count;

        public override string PersistenceId => "metrics-writer";

        protected override void ReceiveRecover(object message)
        {
        }

        protected override void ReceiveCommand(object message) => Persist((string)message, _ =>
        {
            if (++_count == 3)
            {
                persisted.TrySetResult(_count);
            }
        });
    }

    private sealed class Held(TaskCompletionSource busy, ManualResetEventSlim release) : ActorBase
    {
        protected override void Receive(object message)
        {
            if (message is 0)
            {
                busy.TrySetResult();
                release.Wait(Wait);
            }
        }
    }

    private sealed class EmptyCatalog : IQueryCatalog
    {
        public IReadOnlyList<QueryInfo> Queries => [];

        public IReadOnlyList<ShardInfo> Shards => [];

        public Task<bool> StopAsync(string idOrName, CancellationToken cancellationToken) => Task.FromResult(false);
    }
}

[CollectionDefinition(nameof(ProcessWideMetrics), DisableParallelization = true)]
public sealed class ProcessWideMetrics
{
}
