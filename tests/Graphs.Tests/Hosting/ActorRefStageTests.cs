using Sluice.Actors;
using Sluice.Graphs.Dsl;
using Sluice.TestKit;
using Sluice.TestKit.Streams;

namespace Sluice.Graphs.Tests.Hosting;

public sealed class ActorRefStageTests : ActorTestKit
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(200);
    private readonly Materializer _mat;

    public ActorRefStageTests() => _mat = Materializer.Create(Sys);

    public override Task DisposeAsync()
    {
        _mat.Dispose();
        return base.DisposeAsync();
    }

    private (IActorRef Actor, TestSubscriberProbe<int> Sub) SourceUnderTest()
    {
        var (actor, sub) = Source.ActorRef<int>("ack").ToMaterialized(TestSink.Probe<int>(), Keep.Both).Run(_mat);
        sub.ExpectSubscription();
        return (actor, sub);
    }

    [Fact]
    public void Actor_source_emits_each_element_and_acks_the_sender_only_when_downstream_took_it()
    {
        var (actor, sub) = SourceUnderTest();
        var producer = CreateTestProbe();

        producer.Send(actor, 1);
        producer.ExpectNoMsg(Quiet);
        sub.Request(1).ExpectNext(1);
        Assert.Equal("ack", producer.ExpectMsg<string>());
        Assert.Same(actor, producer.LastSender);

        sub.Request(1);
        producer.Send(actor, 2);
        sub.ExpectNext(2);
        producer.ExpectMsg("ack");
    }

    [Fact]
    public void Actor_source_fails_when_an_element_arrives_before_the_previous_one_was_acknowledged()
    {
        var (actor, sub) = SourceUnderTest();
        var producer = CreateTestProbe();

        producer.Send(actor, 1);
        producer.Send(actor, 2);

        var error = sub.ExpectError();
        Assert.IsType<StreamStageException>(error);
        Assert.Contains("before it acknowledged the previous one", error.InnerException!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Actor_source_completes_after_emitting_the_pending_element_when_told_to_complete()
    {
        var (actor, sub) = SourceUnderTest();
        var producer = CreateTestProbe();

        producer.Send(actor, 7);
        producer.Send(actor, new Status.Success(null));
        sub.ExpectNoMessage(Quiet);
        sub.Request(1).ExpectNext(7).ExpectComplete();
        producer.ExpectMsg("ack");
    }

    [Fact]
    public void Actor_source_fails_with_the_cause_of_a_failure_message()
    {
        var (actor, sub) = SourceUnderTest();
        var boom = new InvalidOperationException("boom");

        actor.Tell(new Status.Failure(boom), null);

        Assert.Same(boom, sub.ExpectError());
    }

    [Fact]
    public async Task Actor_source_uses_custom_completion_and_failure_messages()
    {
        var (actor, done) = Source.ActorRef<string>("ok", m => m is "done", m => m is "bad" ? new FormatException("bad") : null)
            .ToMaterialized(Sink.Seq<string>(), Keep.Both).Run(_mat);
        var producer = CreateTestProbe();

        producer.Send(actor, "a");
        producer.ExpectMsg("ok");
        producer.Send(actor, "done");

        Assert.Equal(["a"], await done.WaitAsync(Wait));

        var (failing, failed) = Source.ActorRef<string>("ok", m => m is "done", m => m is "bad" ? new FormatException("bad") : null)
            .ToMaterialized(Sink.Seq<string>(), Keep.Both).Run(_mat);
        failing.Tell("bad", null);
        await Assert.ThrowsAsync<FormatException>(() => failed.WaitAsync(Wait));
    }

    [Fact]
    public async Task Ack_sink_sends_init_then_each_element_only_after_the_previous_ack_then_complete()
    {
        var target = CreateTestProbe();
        var done = Source.From([1, 2, 3]).RunWith(Sink.ActorRefWithAck<int>(target.Ref, "init", "ack", "complete"), _mat);

        target.ExpectMsg("init");
        target.ExpectNoMsg(Quiet);
        target.Reply("ack");
        target.ExpectMsg(1);
        target.ExpectNoMsg(Quiet);
        target.Reply("ack");
        target.ExpectMsg(2);
        target.Reply("ack");
        target.ExpectMsg(3);
        target.ExpectNoMsg(Quiet);
        Assert.False(done.IsCompleted);
        target.Reply("ack");
        target.ExpectMsg("complete");
        await done.WaitAsync(Wait);
    }

    [Fact]
    public async Task Ack_sink_tells_the_target_about_an_upstream_failure()
    {
        var target = CreateTestProbe();
        var (pub, done) = TestSource.Probe<int>()
            .ToMaterialized(Sink.ActorRefWithAck<int>(target.Ref, "init", "ack", "complete", e => "failed: " + e.Message), Keep.Both)
            .Run(_mat);

        target.ExpectMsg("init");
        target.Reply("ack");
        pub.ExpectRequest();
        pub.SendError(new InvalidOperationException("upstream broke"));

        target.ExpectMsg("failed: upstream broke");
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => done.WaitAsync(Wait));
        Assert.Equal("upstream broke", error.Message);
    }

    [Fact]
    public async Task Ack_sink_fails_the_stream_when_the_target_stops_and_cancels_upstream()
    {
        var inbox = CreateTestProbe();
        var target = Sys.ActorOf(Props.Create(() => new Forwarder(inbox.Ref)), "ack-target");
        var (pub, done) = TestSource.Probe<int>()
            .ToMaterialized(Sink.ActorRefWithAck<int>(target, "init", "ack", "complete"), Keep.Both)
            .Run(_mat);
        inbox.ExpectMsg("init");

        Sys.Stop(target);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => done.WaitAsync(Wait));
        Assert.Contains("ack-target", error.Message, StringComparison.Ordinal);
        Assert.Contains("stopped", error.Message, StringComparison.Ordinal);
        pub.ExpectCancellation();
    }

    [Fact]
    public async Task Actor_source_into_ack_sink_moves_every_element_in_order()
    {
        var target = CreateTestProbe();
        var producer = CreateTestProbe();
        var (actor, done) = Source.ActorRef<int>("more")
            .Select(x => x * 10)
            .ToMaterialized(Sink.ActorRefWithAck<int>(target.Ref, "init", "ack", "complete"), Keep.Both)
            .Run(_mat);

        target.ExpectMsg("init");
        target.Reply("ack");
        for (var i = 1; i <= 20; i++)
        {
            producer.Send(actor, i);
            target.ExpectMsg(i * 10);
            producer.ExpectMsg("more");
            target.Reply("ack");
        }

        producer.Send(actor, new Status.Success(null));
        target.ExpectMsg("complete");
        await done.WaitAsync(Wait);
    }

    private sealed class Forwarder(IActorRef to) : ActorBase
    {
        protected override void Receive(object message) => to.Tell(message, Sender);
    }
}
