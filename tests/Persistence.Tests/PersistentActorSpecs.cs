using Microsoft.Extensions.Logging;
using Sluice.Actors;
using Sluice.Actors.Supervision;
using Sluice.Persistence.Journal;
using Sluice.Persistence.Postgres;
using Sluice.Persistence.Snapshots;
using Sluice.Persistence.Sqlite;
using Sluice.TestKit;
using Sluice.TestKit.Postgres;

namespace Sluice.Persistence.Tests;

/// <summary>Behaviour of persistent actors, run against every store.</summary>
public abstract class PersistentActorSpecs : ActorTestKit
{
    private readonly ISnapshotStore _snapshots;
    private readonly Func<ValueTask>? _cleanup;

    protected PersistentActorSpecs(IJournalStore journal, ISnapshotStore snapshots, Func<ValueTask>? cleanup = null)
        : base("sluice.persistence.journal { batch-size = 50, max-in-flight-batches = 2 }")
    {
        Journal = new TestJournal(journal);
        _snapshots = snapshots;
        _cleanup = cleanup;
        SluicePersistence.Start(Sys, Journal, snapshots);
    }

    protected TestJournal Journal { get; }

    private static string NewPid() => "p-" + Guid.NewGuid().ToString("N")[..8];

    private IActorRef Start(string pid, Recovery? recovery = null) =>
        Sys.ActorOf(Props.Create(() => new Recorder(pid, TestActor, recovery)));

    private RecorderState State(IActorRef actor, TimeSpan? timeout = null)
    {
        actor.Tell(new GetState(), TestActor);
        return ExpectMsg<RecorderState>(timeout: timeout);
    }

    private void StopAndWait(IActorRef actor)
    {
        Watch(actor);
        Sys.Stop(actor);
        ExpectTerminated(actor);
    }

    private IActorRef StartWith(string pid, params string[] events)
    {
        var actor = Start(pid);
        foreach (var e in events)
        {
            actor.Tell(new Cmd(e), TestActor);
        }

        foreach (var e in events)
        {
            ExpectMsg(e);
        }

        return actor;
    }

    [Fact]
    public void A_new_incarnation_recovers_exactly_the_persisted_events()
    {
        var pid = NewPid();
        StopAndWait(StartWith(pid, "a", "b", "c"));

        Assert.Equal(new RecorderState("a,b,c", 3, "a,b,c,completed"), State(Start(pid)));
    }

    [Fact]
    public void PersistAll_runs_the_handlers_in_order_and_the_events_recover_in_order()
    {
        var pid = NewPid();
        var actor = Start(pid);
        actor.Tell(new CmdAll(["x", "y", "z"]), TestActor);
        Assert.Equal(["x", "y", "z"], ReceiveN(3));
        StopAndWait(actor);

        Assert.Equal(new RecorderState("x,y,z", 3, "x,y,z,completed"), State(Start(pid)));
    }

    [Fact]
    public void Commands_sent_while_a_persist_is_in_flight_are_processed_after_it_in_order()
    {
        var actor = Start(NewPid());
        State(actor);
        actor.Tell(new Cmd("a"), TestActor);
        actor.Tell(new GetState(), TestActor);
        actor.Tell(new Cmd("b"), TestActor);
        actor.Tell(new GetState(), TestActor);

        Assert.Equal(
            ["a", new RecorderState("a", 1, "completed"), "b", new RecorderState("a,b", 2, "completed")],
            ReceiveN(4));
    }

    [Fact]
    public void PersistAsync_handlers_run_in_order_and_commands_are_not_held_back()
    {
        var actor = Start(NewPid());
        State(actor);
        Journal.Close();
        actor.Tell(new CmdAsync("a"), TestActor);
        actor.Tell(new CmdAsync("b"), TestActor);
        actor.Tell("ping", TestActor);
        ExpectMsg("pong");
        Journal.Open();
        actor.Tell(new CmdAsync("c"), TestActor);

        Assert.Equal(["async-a", "async-b", "async-c"], ReceiveN(3));
        Assert.Equal("a,b,c", State(actor).Items);
    }

    [Fact]
    public void Defer_runs_at_once_without_pending_persists_and_after_the_persist_handlers_otherwise()
    {
        var actor = Start(NewPid());
        actor.Tell(new CmdDefer("x"), TestActor);

        Assert.Equal(["x-first", "x-1", "x-2", "x-done"], ReceiveN(4));
    }

    [Fact]
    public void Recovery_starts_from_the_snapshot_and_replays_the_later_events()
    {
        var pid = NewPid();
        var actor = StartWith(pid, "a", "b");
        actor.Tell(new TakeSnapshot(), TestActor);
        var saved = ExpectMsg<SaveSnapshotSuccess>();
        Assert.Equal((pid, 2L), (saved.Metadata.PersistenceId, saved.Metadata.SequenceNr));
        actor.Tell(new Cmd("c"), TestActor);
        ExpectMsg("c");
        StopAndWait(actor);

        Assert.Equal(new RecorderState("a,b,c", 3, "snapshot@2,c,completed"), State(Start(pid)));
    }

    [Fact]
    public void Recovery_None_replays_nothing_but_continues_after_the_highest_sequence_number()
    {
        var pid = NewPid();
        StopAndWait(StartWith(pid, "a", "b", "c"));

        var fresh = Start(pid, Recovery.None);
        Assert.Equal(new RecorderState("", 3, "completed"), State(fresh));
        fresh.Tell(new Cmd("d"), TestActor);
        ExpectMsg("d");
        StopAndWait(fresh);

        Assert.Equal(new RecorderState("a,b,c,d", 4, "a,b,c,d,completed"), State(Start(pid)));
    }

    [Fact]
    public void Recovery_up_to_a_sequence_number_replays_only_that_far()
    {
        var pid = NewPid();
        var actor = StartWith(pid, "a", "b", "c");
        actor.Tell(new TakeSnapshot(), TestActor);
        ExpectMsg<SaveSnapshotSuccess>();
        StopAndWait(actor);

        Assert.Equal(new RecorderState("a,b", 3, "a,b,completed"), State(Start(pid, new Recovery(SnapshotSelectionCriteria.Latest, ToSequenceNr: 2))));
    }

    [Fact]
    public void Deleted_events_are_not_replayed_but_the_highest_sequence_number_is_kept()
    {
        var pid = NewPid();
        var actor = StartWith(pid, "a", "b", "c");
        actor.Tell(new DeleteTo(2), TestActor);
        ExpectMsg(new DeleteMessagesSuccess(2));
        StopAndWait(actor);
        var second = Start(pid);
        Assert.Equal(new RecorderState("c", 3, "c,completed"), State(second));

        second.Tell(new DeleteTo(long.MaxValue), TestActor);
        ExpectMsg(new DeleteMessagesSuccess(long.MaxValue));
        StopAndWait(second);

        var third = Start(pid);
        Assert.Equal(new RecorderState("", 3, "completed"), State(third));
        third.Tell(new Cmd("d"), TestActor);
        ExpectMsg("d");
        Assert.Equal(4, State(third).LastSequenceNr);
    }

    [Fact]
    public void An_incarnation_restarted_while_its_predecessor_writes_recovers_that_write()
    {
        var actor = Start(NewPid());
        State(actor);
        Journal.Close();
        actor.Tell(new CmdThenThrow("a"), TestActor);
        actor.Tell(new GetState(), TestActor);
        AwaitCondition(() => Journal.WriteCalls > 0);
        Journal.Open();

        Assert.Equal(new RecorderState("a", 1, "a,completed"), ExpectMsg<RecorderState>());
        actor.Tell(new Cmd("b"), TestActor);
        ExpectMsg("b");
    }

    [Fact]
    public void A_rejected_event_is_reported_and_the_actor_goes_on()
    {
        var pid = NewPid();
        var actor = StartWith(pid, "a");
        actor.Tell(new CmdPoison(), TestActor);
        ExpectMsg("rejected Poison #2");
        actor.Tell(new Cmd("b"), TestActor);
        ExpectMsg("b");
        Assert.Equal(new RecorderState("a,b", 3, "completed"), State(actor));
        StopAndWait(actor);

        Assert.Equal(new RecorderState("a,b", 3, "a,b,completed"), State(Start(pid)));
    }

    [Fact]
    public void A_failed_write_stops_the_actor_and_its_backoff_supervisor_brings_it_back_recovered()
    {
        var pid = NewPid();
        var child = Props.Create(() => new Recorder(pid, TestActor, null));
        var supervisor = Sys.ActorOf(BackoffSupervisor.Props(
            BackoffOptions.OnStop(child, "recorder", TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(50), 0)));
        supervisor.Tell(new Cmd("a"), TestActor);
        ExpectMsg("a");
        supervisor.Tell(BackoffSupervisor.GetCurrentChild.Instance, TestActor);
        var first = ExpectMsg<BackoffSupervisor.CurrentChild>().Ref!;
        Watch(first);

        Journal.FailWrites = true;
        var logged = ExpectLog(LogLevel.Error, () => supervisor.Tell(new Cmd("b"), TestActor), contains: $"sequence number 2 for persistence id '{pid}'");
        Assert.IsType<PersistenceException>(logged[0].Exception);
        ExpectMsg("failed #2");
        ExpectTerminated(first);
        Journal.FailWrites = false;

        AwaitAssert(() =>
        {
            supervisor.Tell(BackoffSupervisor.GetCurrentChild.Instance, TestActor);
            var current = ExpectMsg<BackoffSupervisor.CurrentChild>().Ref;
            Assert.True(current is not null && !current.Equals(first));
        });
        supervisor.Tell(new Cmd("c"), TestActor);
        ExpectMsg("c");
        Assert.Equal(new RecorderState("a,c", 2, "a,completed"), State(supervisor));
    }

    [Fact]
    public void A_second_live_writer_of_a_persistence_id_fails_loudly_and_stops()
    {
        var pid = NewPid();
        var winner = Start(pid);
        var loser = Start(pid);
        State(winner);
        State(loser);
        winner.Tell(new Cmd("a"), TestActor);
        ExpectMsg("a");
        Watch(loser);

        ExpectLog(LogLevel.Error, () => loser.Tell(new Cmd("b"), TestActor), contains: $"sequence number 1 for persistence id '{pid}'");
        ExpectMsg("failed #1");
        ExpectTerminated(loser);
        winner.Tell(new Cmd("c"), TestActor);
        ExpectMsg("c");
    }

    [Fact]
    public void A_failing_recovery_stops_the_actor_with_an_error_naming_the_persistence_id_and_sequence_number()
    {
        var pid = NewPid();
        StopAndWait(StartWith(pid, "a", "boom", "c"));

        IActorRef? second = null;
        var logged = ExpectLog(LogLevel.Error, () => second = Watch(Start(pid)), contains: $"Recovery of '{pid}' failed at sequence number 2: boom cannot be applied");
        Assert.IsType<PersistenceException>(logged[0].Exception);
        ExpectTerminated(second!);
    }

    [Fact]
    public void Batches_in_flight_together_never_share_a_persistence_id_and_each_actor_commits_in_order()
    {
        var a = StartWith(NewPid());
        var b = StartWith(NewPid());
        State(a);
        State(b);

        Journal.Close();
        a.Tell(new CmdAsync("a0"), TestActor);
        AwaitCondition(() => Journal.InFlight == 1, TimeSpan.FromSeconds(30));
        for (var i = 1; i < 10; i++)
        {
            a.Tell(new CmdAsync($"a{i}"), TestActor); // waits: a write of a is in flight
        }

        b.Tell(new CmdAsync("b0"), TestActor); // goes ahead in a second batch
        AwaitCondition(() => Journal.InFlight == 2, TimeSpan.FromSeconds(30));
        Journal.Open();

        var replies = ReceiveN(11, TimeSpan.FromSeconds(30)).Cast<string>().ToArray();
        Assert.Equal(Enumerable.Range(0, 10).Select(i => $"async-a{i}"), replies.Where(r => r.StartsWith("async-a", StringComparison.Ordinal)));
        Assert.Contains("async-b0", replies);
        Assert.Equal(2, Journal.MaxInFlight);
        Assert.False(Journal.SharedPidInFlight);
        Assert.Equal("a0,a1,a2,a3,a4,a5,a6,a7,a8,a9", State(a).Items);
    }

    [Fact]
    public void Recovery_replays_more_events_than_one_replay_message_carries_in_order()
    {
        var pid = NewPid();
        var events = Enumerable.Range(0, 300).Select(i => $"e{i}").ToArray();
        var actor = Start(pid);
        actor.Tell(new CmdAll(events), TestActor);
        ReceiveN(300, TimeSpan.FromSeconds(30));
        StopAndWait(actor);

        var state = State(Start(pid), TimeSpan.FromSeconds(30));
        Assert.Equal(string.Join(",", events), state.Items);
        Assert.Equal(300, state.LastSequenceNr);
    }

    [Fact]
    public async Task Concurrent_writers_are_batched_into_fewer_transactions_than_events()
    {
        const int Actors = 100;
        const int EventsEach = 5;
        var pids = Enumerable.Range(0, Actors).Select(i => $"{NewPid()}-{i}").ToArray();
        var actors = pids.Select(pid => Start(pid)).ToArray();
        foreach (var actor in actors)
        {
            State(actor, TimeSpan.FromSeconds(60)); // 100 recoveries at once on a busy machine
        }

        var before = Journal.WriteCalls;
        Journal.Close();
        for (var e = 0; e < EventsEach; e++)
        {
            foreach (var actor in actors)
            {
                actor.Tell(new Cmd($"e{e}"), TestActor);
            }
        }

        AwaitCondition(() => Journal.WriteCalls > before, TimeSpan.FromSeconds(60));
        Journal.Open();
        Assert.Equal(Actors * EventsEach, ReceiveN(Actors * EventsEach, TimeSpan.FromSeconds(60)).Count);

        var calls = Journal.WriteCalls - before;
        Assert.InRange(calls, Actors * EventsEach / 50, (Actors * EventsEach) - 1);
        Assert.InRange(Journal.MaxEventsPerCall, 1, 50);
        foreach (var pid in pids)
        {
            Assert.Equal(EventsEach, await Journal.ReadHighestSequenceNrAsync(pid, 0, CancellationToken.None));
        }
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Journal.DisposeAsync();
        await _snapshots.DisposeAsync();
        if (_cleanup is not null) await _cleanup();
    }
}

public sealed class MemoryPersistentActorSpecs() : PersistentActorSpecs(new MemoryJournal(), new MemorySnapshotStore());

public sealed class SqlitePersistentActorSpecs : PersistentActorSpecs
{
    public SqlitePersistentActorSpecs()
        : this(new TempDirectory())
    {
    }

    private SqlitePersistentActorSpecs(TempDirectory directory)
        : base(
            new SqliteJournal(new SqliteStoreSettings(directory.Path)),
            new SqliteSnapshotStore(new SqliteStoreSettings(directory.Path)),
            () =>
            {
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                directory.Dispose();
                return ValueTask.CompletedTask;
            })
    {
    }
}

[Collection(PostgresServer.Collection)]
public sealed class PostgresPersistentActorSpecs : PersistentActorSpecs
{
    public PostgresPersistentActorSpecs(PostgresServer server)
        : this(new PostgresStoreSettings(server.ConnectionString, "actors_" + Guid.NewGuid().ToString("N")[..8]))
    {
    }

    private PostgresPersistentActorSpecs(PostgresStoreSettings settings)
        : base(new PostgresJournal(settings), new PostgresSnapshotStore(settings))
    {
    }
}
