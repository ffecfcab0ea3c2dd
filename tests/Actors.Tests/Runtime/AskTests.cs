using Sluice.TestKit;
using Xunit;

namespace Sluice.Actors.Tests.Runtime;

public sealed class AskTests : ActorTestKit
{
    [Fact]
    public async Task Ask_returns_the_reply()
    {
        var echo = Sys.ActorOf(Props.Create<Echo>());
        Assert.Equal("hi", await echo.Ask<string>("hi", TimeSpan.FromSeconds(3)));
    }

    [Fact]
    public async Task Status_Failure_reply_faults_the_task_with_its_exception()
    {
        var echo = Sys.ActorOf(Props.Create<Echo>());
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => echo.Ask<string>(new Status.Failure(new InvalidOperationException("nope")), TimeSpan.FromSeconds(3)));
        Assert.Equal("nope", e.Message);
    }

    [Fact]
    public async Task Reply_of_the_wrong_type_faults_naming_both_types()
    {
        var echo = Sys.ActorOf(Props.Create<Echo>());
        var e = await Assert.ThrowsAsync<InvalidCastException>(() => echo.Ask<string>(42, TimeSpan.FromSeconds(3)));
        Assert.Contains("String", e.Message, StringComparison.Ordinal);
        Assert.Contains("Int32", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ask_can_be_cancelled()
    {
        var silent = Sys.ActorOf(Props.Create(() => new Recorder(CreateTestProbe().Ref)));
        using var cts = new CancellationTokenSource();
        var task = silent.Ask<string>("x", null, cts.Token);
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => task);
    }

    [Fact]
    public async Task PipeTo_delivers_task_results_and_failures()
    {
        await Task.FromResult("value").PipeTo(TestActor);
        ExpectMsg("value");
        await Task.FromException<string>(new TimeoutException("late")).PipeTo(TestActor);
        Assert.Equal("late", ExpectMsg<Status.Failure>().Cause.Message);
    }
}
