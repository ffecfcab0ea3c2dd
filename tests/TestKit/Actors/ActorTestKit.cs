using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Sluice.Actors;
using Sluice.Actors.Configuration;
using Sluice.Actors.Scheduling;
using Xunit;
using Xunit.Abstractions;

namespace Sluice.TestKit;

/// <summary>
/// Base class of actor tests for xunit: a fresh <see cref="ActorSystem"/> per test (xunit creates one
/// instance per test), a <see cref="TestActor"/> that is the implicit sender of messages told from the
/// test, expectations on what it receives, probes, log assertions and, on request, virtual time.
/// </summary>
/// <example><code>
/// public sealed class CounterTests : ActorTestKit
/// {
///     [Fact]
///     public void Counts()
///     {
///         var counter = Sys.ActorOf(Props.Create&lt;Counter&gt;());
///         counter.Tell(new Increment(), TestActor);
///         counter.Tell(new GetCount(), TestActor);
///         ExpectMsg(1);
///     }
/// }
/// </code></example>
public abstract class ActorTestKit : IAsyncLifetime
{
    private readonly TestProbe _testActor;
    private int _probeCounter;

    /// <summary>Starts the system.</summary>
    /// <param name="config">HOCON overriding reference.conf for this test's system.</param>
    /// <param name="output">xunit output; log entries are echoed there.</param>
    /// <param name="virtualTime">True: the scheduler and timers run on <see cref="Time"/>, moved by <see cref="Advance"/>.</param>
    protected ActorTestKit(string? config = null, ITestOutputHelper? output = null, bool virtualTime = false)
    {
        Logs = new LogCapture(output);
        LoggerFactory = Microsoft.Extensions.Logging.LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(Logs));
        Time = virtualTime ? new VirtualTimeProvider() : null;
        var parsed = config is null ? null : Config.Parse(config);
        Sys = ActorSystem.Create(GetType().Name.Replace('.', '-').Replace('+', '-'), parsed, new ActorSystemSetup { LoggerFactory = LoggerFactory, TimeProvider = Time });
        Settings = TestKitSettings.From(Sys.Config);
        _testActor = new TestProbe(Sys, "testActor", Settings);
    }

    /// <summary>The system under test.</summary>
    protected ActorSystem Sys { get; }

    /// <summary>The test kit's timeouts.</summary>
    protected TestKitSettings Settings { get; }

    /// <summary>Every log entry of the system.</summary>
    protected LogCapture Logs { get; }

    /// <summary>The logger factory the system writes to.</summary>
    protected ILoggerFactory LoggerFactory { get; }

    /// <summary>The virtual clock, when the kit was created with <c>virtualTime: true</c>.</summary>
    protected VirtualTimeProvider? Time { get; }

    /// <summary>The reference whose messages the expectations read.</summary>
    protected IActorRef TestActor => _testActor.Ref;

    /// <summary>The sender of the last message the test actor received.</summary>
    protected IActorRef LastSender => _testActor.LastSender;

    /// <summary>A new, independent probe.</summary>
    protected TestProbe CreateTestProbe(string? name = null) =>
        new(Sys, name ?? "probe-" + Interlocked.Increment(ref _probeCounter), Settings);

    /// <summary>Moves virtual time forward (requires <c>virtualTime: true</c>).</summary>
    protected void Advance(TimeSpan by) =>
        (Time ?? throw new InvalidOperationException("This test kit runs on real time; pass virtualTime: true to its constructor.")).Advance(by);

    /// <summary>Scales a duration by <c>sluice.test.timefactor</c>.</summary>
    protected TimeSpan Dilated(TimeSpan duration) => Settings.Dilated(duration);

    /// <inheritdoc cref="TestProbe.ExpectMsg{T}(Func{T, bool}?, TimeSpan?)"/>
    protected T ExpectMsg<T>(Func<T, bool>? predicate = null, TimeSpan? timeout = null) => _testActor.ExpectMsg(predicate, timeout);

    /// <inheritdoc cref="TestProbe.ExpectMsg{T}(T, TimeSpan?)"/>
    protected T ExpectMsg<T>(T expected, TimeSpan? timeout = null) where T : notnull => _testActor.ExpectMsg(expected, timeout);

    /// <inheritdoc cref="TestProbe.ExpectNoMsg"/>
    protected void ExpectNoMsg(TimeSpan? duration = null) => _testActor.ExpectNoMsg(duration);

    /// <inheritdoc cref="TestProbe.ReceiveOne"/>
    protected object ReceiveOne(TimeSpan? timeout = null) => _testActor.ReceiveOne(timeout);

    /// <inheritdoc cref="TestProbe.ReceiveN"/>
    protected IReadOnlyList<object> ReceiveN(int count, TimeSpan? timeout = null) => _testActor.ReceiveN(count, timeout);

    /// <inheritdoc cref="TestProbe.FishForMessage{T}"/>
    protected T FishForMessage<T>(Func<T, bool> predicate, TimeSpan? timeout = null) => _testActor.FishForMessage(predicate, timeout);

    /// <summary>Watches <paramref name="actor"/> with the test actor.</summary>
    protected IActorRef Watch(IActorRef actor) => _testActor.Watch(actor);

    /// <summary>Stops watching <paramref name="actor"/>.</summary>
    protected IActorRef Unwatch(IActorRef actor) => _testActor.Unwatch(actor);

    /// <inheritdoc cref="TestProbe.ExpectTerminated"/>
    protected Terminated ExpectTerminated(IActorRef actor, TimeSpan? timeout = null) => _testActor.ExpectTerminated(actor, timeout);

    /// <inheritdoc cref="TestProbe.Within{T}(TimeSpan, TimeSpan, Func{T})"/>
    protected T Within<T>(TimeSpan max, Func<T> block) => _testActor.Within(TimeSpan.Zero, max, block);

    /// <inheritdoc cref="TestProbe.Within(TimeSpan, TimeSpan, Action)"/>
    protected void Within(TimeSpan max, Action block) => _testActor.Within(TimeSpan.Zero, max, block);

    /// <inheritdoc cref="TestProbe.Within(TimeSpan, TimeSpan, Action)"/>
    protected void Within(TimeSpan min, TimeSpan max, Action block) => _testActor.Within(min, max, block);

    /// <summary>Retries <paramref name="assertion"/> until it passes or <paramref name="duration"/> is over; then rethrows its last failure.</summary>
    protected void AwaitAssert(Action assertion, TimeSpan? duration = null, TimeSpan? interval = null)
    {
        ArgumentNullException.ThrowIfNull(assertion);
        var max = _testActor.Remaining(duration);
        var step = interval ?? TimeSpan.FromMilliseconds(10);
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                assertion();
                return;
            }
            catch (Exception) when (clock.Elapsed < max)
            {
                WaitBriefly(step);
            }
        }
    }

    /// <summary>Waits until <paramref name="condition"/> is true, or fails after <paramref name="max"/> with <paramref name="message"/>.</summary>
    protected void AwaitCondition(Func<bool> condition, TimeSpan? max = null, string? message = null, TimeSpan? interval = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var limit = _testActor.Remaining(max);
        var step = interval ?? TimeSpan.FromMilliseconds(10);
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed >= limit)
                throw new ExpectationFailedException($"Timeout ({TestProbe.Ms(limit)}) waiting for {message ?? "the condition"}.");
            WaitBriefly(step);
        }
    }

    /// <summary>
    /// Runs <paramref name="trigger"/> and waits until <paramref name="count"/> log entries at
    /// <paramref name="level"/> (and containing <paramref name="contains"/>, and carrying an exception of
    /// <paramref name="exceptionType"/>, when given) have been written since.
    /// </summary>
    protected IReadOnlyList<CapturedLogEntry> ExpectLog(LogLevel level, Action trigger, string? contains = null, Type? exceptionType = null, int count = 1, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(trigger);
        var before = Logs.Entries.Count;
        trigger();
        bool Match(CapturedLogEntry e) => e.Level == level
            && (contains is null || e.Message.Contains(contains, StringComparison.Ordinal))
            && (exceptionType is null || exceptionType.IsInstanceOfType(e.Exception));
        var max = _testActor.Remaining(timeout);
        if (!Logs.WaitFor(all => all.Skip(before).Count(Match) >= count, max))
        {
            var seen = Logs.Entries.Skip(before).Select(e => $"  {e.Level}: {e.Message}").ToArray();
            throw new ExpectationFailedException(
                $"Expected {count} {level} log entr{(count == 1 ? "y" : "ies")}{(contains is null ? "" : $" containing '{contains}'")}{(exceptionType is null ? "" : $" with {exceptionType.Name}")} within {TestProbe.Ms(max)}; logged instead:{Environment.NewLine}{(seen.Length == 0 ? "  nothing" : string.Join(Environment.NewLine, seen))}");
        }
        return Logs.Entries.Skip(before).Where(Match).ToArray();
    }

    private static void WaitBriefly(TimeSpan step)
    {
        // A short blocking wait between polls of a condition the test cannot observe as an event.
        using var gate = new ManualResetEventSlim();
        gate.Wait(step);
    }

    /// <inheritdoc />
    public virtual Task InitializeAsync() => Task.CompletedTask;

    /// <summary>Terminates the system; fails when it does not stop within 10 s (dilated).</summary>
    public virtual async Task DisposeAsync()
    {
        var terminated = Sys.Terminate();
        var limit = Dilated(TimeSpan.FromSeconds(10));
        if (await Task.WhenAny(terminated, Task.Delay(limit)).ConfigureAwait(false) != terminated)
            throw new ExpectationFailedException($"Actor system {Sys.Name} did not terminate within {TestProbe.Ms(limit)}: some actor is stuck in a message or PostStop.");
        LoggerFactory.Dispose();
    }
}
