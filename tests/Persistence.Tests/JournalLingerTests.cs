using Sluice.Actors;
using Sluice.Actors.Scheduling;
using Sluice.Persistence.Journal;
using Sluice.TestKit;

namespace Sluice.Persistence.Tests;

/// <summary>The journal actor waits for the writers it just answered before it starts a batch smaller than
/// batch-size (batch-linger). The linger runs on a virtual clock here, so it ends only when a test advances it.</summary>
public sealed class JournalLingerTests : ActorTestKit
{
    private static readonly TimeSpan Linger = TimeSpan.FromSeconds(5);
    private readonly VirtualTimeProvider _clock = new();
    private TestJournal Store { get; } = new(new MemoryJournal());

    private IActorRef StartJournal(int batchSize = 50, int maxInFlight = 1, TimeProvider? clock = null)
    {
        var lingerClock = clock ?? _clock;
        return Sys.ActorOf(Props.Create(() => new JournalActor(
            Store, batchSize, maxInFlight, Linger, TimeSpan.FromSeconds(30), static _ => { }, lingerClock)));
    }

    private static WriteRequest Request(TestProbe writer, string pid, long seq) =>
        new([new AtomicWrite(new PersistentRepresentation(pid, seq, "e"))], writer.Ref, 1);

    private static void ExpectStored(TestProbe writer, string pid, long seq)
    {
        var result = writer.ExpectMsg<WriteResult>(timeout: TimeSpan.FromSeconds(30));
        Assert.Equal((pid, seq, null, null), (result.Write.PersistenceId, result.Write.HighestSequenceNr, result.Rejection, result.Failure));
    }

    // The first write of a (committed while b and c queue) so that a is the writer just answered.
    private (TestProbe A, TestProbe B, TestProbe C) AnswerAWhileBAndCQueue(IActorRef journal)
    {
        var (a, b, c) = (CreateTestProbe("a"), CreateTestProbe("b"), CreateTestProbe("c"));
        Store.Close();
        journal.Tell(Request(a, "a", 1), a.Ref);
        AwaitCondition(() => Store.InFlight == 1, TimeSpan.FromSeconds(30));
        journal.Tell(Request(b, "b", 1), b.Ref);
        journal.Tell(Request(c, "c", 1), c.Ref);
        Store.Open();
        ExpectStored(a, "a", 1);
        return (a, b, c);
    }

    [Fact]
    public void Writers_answered_together_write_again_in_one_transaction()
    {
        var journal = StartJournal();
        var (a, b, c) = AnswerAWhileBAndCQueue(journal);

        journal.Tell(Request(a, "a", 2), a.Ref); // a comes back: the wait ends at once, without the clock
        ExpectStored(b, "b", 1);
        ExpectStored(c, "c", 1);
        ExpectStored(a, "a", 2);
        Assert.Equal(["a:1", "b:1,c:1,a:2"], Store.Calls);
    }

    [Fact]
    public void A_writer_that_does_not_write_again_holds_the_next_batch_only_until_the_linger_ends()
    {
        var journal = StartJournal();
        var (_, b, c) = AnswerAWhileBAndCQueue(journal);

        b.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        Assert.Equal(["a:1"], Store.Calls);
        _clock.Advance(Linger);
        ExpectStored(b, "b", 1);
        ExpectStored(c, "c", 1);
        Assert.Equal(["a:1", "b:1,c:1"], Store.Calls);
    }

    [Fact]
    public void A_full_batch_does_not_wait_for_the_answered_writers()
    {
        var journal = StartJournal(batchSize: 2);
        var (_, b, c) = AnswerAWhileBAndCQueue(journal);

        ExpectStored(b, "b", 1);
        ExpectStored(c, "c", 1);
        Assert.Equal(["a:1", "b:1,c:1"], Store.Calls);
    }

    [Fact]
    public void A_writer_whose_next_write_is_already_queued_is_not_waited_for()
    {
        var journal = StartJournal();
        var (a, b) = (CreateTestProbe("a"), CreateTestProbe("b"));
        Store.Close();
        journal.Tell(Request(a, "a", 1), a.Ref);
        AwaitCondition(() => Store.InFlight == 1, TimeSpan.FromSeconds(30));
        journal.Tell(Request(a, "a", 2), a.Ref); // queued behind a's write in flight
        journal.Tell(Request(b, "b", 1), b.Ref);
        Store.Open();

        ExpectStored(a, "a", 1);
        ExpectStored(a, "a", 2);
        ExpectStored(b, "b", 1);
        Assert.Equal(["a:1", "a:2,b:1"], Store.Calls);
    }

    [Fact]
    public async Task Writes_are_answered_after_their_commit_and_each_persistence_id_commits_in_order_while_batches_linger()
    {
        // Three writers, each writing its next event once the last one is answered (read in a fixed order, so some
        // lingers end by the clock: a real one here); up to two batches in flight.
        var journal = StartJournal(batchSize: 4, maxInFlight: 2, clock: TimeProvider.System);
        var writers = new[] { CreateTestProbe("w0"), CreateTestProbe("w1"), CreateTestProbe("w2") };
        var next = new long[writers.Length];
        for (var w = 0; w < writers.Length; w++) journal.Tell(Request(writers[w], $"w{w}", ++next[w]), writers[w].Ref);
        for (var round = 0; round < 20; round++)
        {
            for (var w = 0; w < writers.Length; w++)
            {
                var seq = next[w];
                ExpectStored(writers[w], $"w{w}", seq);
                Assert.Equal(seq, await Store.ReadHighestSequenceNrAsync($"w{w}", 0, CancellationToken.None)); // committed before the answer
                journal.Tell(Request(writers[w], $"w{w}", ++next[w]), writers[w].Ref);
            }
        }

        for (var w = 0; w < writers.Length; w++) ExpectStored(writers[w], $"w{w}", next[w]);
        var stored = Store.Calls.SelectMany(call => call.Split(',')).ToArray();
        for (var w = 0; w < writers.Length; w++)
        {
            Assert.Equal(Enumerable.Range(1, 21).Select(s => $"w{w}:{s}"), stored.Where(e => e.StartsWith($"w{w}:", StringComparison.Ordinal)));
        }

        Assert.False(Store.SharedPidInFlight);
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Store.DisposeAsync();
    }
}
