using Sluice.Actors.Tests.Runtime;
using Sluice.TestKit;
using Xunit;

namespace Sluice.Actors.Tests.TestKit;

public sealed class ActorTestKitTests() : ActorTestKit("sluice.test.single-expect-default = 2s")
{
    [Fact]
    public void Failing_ExpectMsg_says_what_arrived_instead()
    {
        TestActor.Tell(42, null);
        var e = Assert.Throws<ExpectationFailedException>(() => ExpectMsg("hello"));
        Assert.StartsWith("Expected String hello but received Int32 42 from sluice://", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Failing_ExpectMsg_of_a_type_names_both_types()
    {
        TestActor.Tell("text", null);
        var e = Assert.Throws<ExpectationFailedException>(() => ExpectMsg<int>());
        Assert.StartsWith("Expected a message of type Int32 but received String text", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ExpectMsg_timeout_says_nothing_arrived()
    {
        var e = Assert.Throws<ExpectationFailedException>(() => ExpectMsg<int>(timeout: TimeSpan.FromMilliseconds(200)));
        Assert.Equal("Timeout (200 ms) while waiting for a message of type Int32 at sluice://ActorTestKitTests/system/testActor: nothing arrived.", e.Message);
    }

    [Fact]
    public void ExpectNoMsg_fails_when_something_arrives()
    {
        TestActor.Tell("surprise", null);
        var e = Assert.Throws<ExpectationFailedException>(() => ExpectNoMsg(TimeSpan.FromMilliseconds(50)));
        Assert.Contains("received String surprise", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReceiveN_reports_what_it_got_before_the_timeout()
    {
        TestActor.Tell(1, null);
        TestActor.Tell(2, null);
        var e = Assert.Throws<ExpectationFailedException>(() => ReceiveN(3, TimeSpan.FromMilliseconds(200)));
        Assert.Contains("received 2: [Int32 1, Int32 2]", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FishForMessage_skips_until_a_match()
    {
        foreach (var i in new[] { 1, 2, 3, 10 }) TestActor.Tell(i, null);
        Assert.Equal(10, FishForMessage<int>(i => i > 5));
    }

    [Fact]
    public void Within_fails_when_the_block_takes_longer()
    {
        var e = Assert.Throws<ExpectationFailedException>(() => Within(TimeSpan.FromMilliseconds(50), () => ExpectNoMsg(TimeSpan.FromMilliseconds(120))));
        Assert.Contains("more than the maximum", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Within_bounds_the_inner_expectations()
    {
        var e = Assert.Throws<ExpectationFailedException>(() => Within(TimeSpan.FromMilliseconds(100), () => ExpectMsg<int>(timeout: TimeSpan.FromSeconds(30))));
        Assert.StartsWith("Timeout (", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AwaitAssert_rethrows_the_last_failure()
    {
        var e = Assert.ThrowsAny<Exception>(() => AwaitAssert(() => Assert.Equal(1, 2), TimeSpan.FromMilliseconds(50)));
        Assert.Contains("Assert.Equal() Failure", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AwaitCondition_passes_once_true_and_fails_with_the_message()
    {
        var n = 0;
        AwaitCondition(() => ++n > 3);
        var e = Assert.Throws<ExpectationFailedException>(() => AwaitCondition(() => false, TimeSpan.FromMilliseconds(30), "the moon"));
        Assert.Equal("Timeout (30 ms) waiting for the moon.", e.Message);
    }

    [Fact]
    public void ExpectLog_fails_listing_what_was_logged()
    {
        var e = Assert.Throws<ExpectationFailedException>(() =>
            ExpectLog(Microsoft.Extensions.Logging.LogLevel.Error, () => Sys.DeadLetters.Tell("x", null), contains: "never"));
        Assert.Contains("Information: [sluice://ActorTestKitTests/deadLetters] Message [String]", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Probes_are_independent_and_reply_to_the_last_sender()
    {
        var echo = Sys.ActorOf(Props.Create<Echo>());
        var a = CreateTestProbe();
        var b = CreateTestProbe();
        a.Send(echo, "to a");
        b.Send(echo, "to b");
        a.ExpectMsg("to a");
        b.ExpectMsg("to b");
        Assert.Same(echo, a.LastSender);
        a.Reply("back");
        a.ExpectMsg("back");
    }
}

public sealed class TimeFactorTests() : ActorTestKit("sluice.test.timefactor = 2.5")
{
    [Fact]
    public void Time_factor_dilates_timeouts()
    {
        Assert.Equal(TimeSpan.FromSeconds(5), Dilated(TimeSpan.FromSeconds(2)));
        Assert.Equal(TimeSpan.FromSeconds(7.5), Settings.SingleExpectDefault);
    }
}
