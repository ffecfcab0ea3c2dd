using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Sluice.Actors;
using Sluice.Actors.Dispatch;
using Sluice.Actors.Runtime;

namespace Sluice.TestKit;

/// <summary>
/// An actor reference backed by a queue that a test reads with expectations. Send it messages, make it
/// the sender of your messages, let it watch actors. Every expectation fails with a message that says
/// what was expected and what arrived instead (or that nothing did).
/// </summary>
public sealed class TestProbe
{
    private readonly BlockingCollection<Envelope> _queue = [];
    private readonly ProbeRef _ref;
    private readonly TestKitSettings _settings;
    private Stopwatch? _withinClock;
    private TimeSpan _withinMax;

    internal TestProbe(ActorSystem system, string name, TestKitSettings settings)
    {
        System = system;
        _settings = settings;
        _ref = new ProbeRef(this, ActorPath.Root(system.Name).Child("system").Child(name));
    }

    /// <summary>The system the probe lives in.</summary>
    public ActorSystem System { get; }

    /// <summary>The probe's reference: give it to actors.</summary>
    public IActorRef Ref => _ref;

    /// <summary>The sender of the last message received.</summary>
    public IActorRef LastSender { get; private set; } = null!;

    /// <summary>The last message received.</summary>
    public object? LastMessage { get; private set; }

    /// <summary>Sends <paramref name="message"/> to <paramref name="target"/> with the probe as sender.</summary>
    public void Send(IActorRef target, object message)
    {
        ArgumentNullException.ThrowIfNull(target);
        target.Tell(message, Ref);
    }

    /// <summary>Replies to the sender of the last message.</summary>
    public void Reply(object message) => LastSender.Tell(message, Ref);

    /// <summary>Forwards the last message to <paramref name="target"/>, keeping its sender.</summary>
    public void Forward(IActorRef target)
    {
        ArgumentNullException.ThrowIfNull(target);
        target.Tell(LastMessage ?? throw new InvalidOperationException("Nothing received yet."), LastSender);
    }

    /// <summary>Watches <paramref name="target"/>: its death arrives as <see cref="Terminated"/>.</summary>
    public IActorRef Watch(IActorRef target)
    {
        if (target is InternalActorRef r)
        {
            _ref.Watching.TryAdd(r, 0);
            r.SendSystemMessage(new Watch(r, _ref));
        }
        return target;
    }

    /// <summary>Stops watching <paramref name="target"/>.</summary>
    public IActorRef Unwatch(IActorRef target)
    {
        if (target is InternalActorRef r && _ref.Watching.TryRemove(r, out _)) r.SendSystemMessage(new Unwatch(r, _ref));
        return target;
    }

    /// <summary>The next message, whatever it is.</summary>
    public object ReceiveOne(TimeSpan? timeout = null)
    {
        var max = Remaining(timeout);
        if (!_queue.TryTake(out var e, max))
            throw new ExpectationFailedException($"Timeout ({Ms(max)}) while waiting for a message at {Ref.Path}: nothing arrived.");
        LastSender = e.Sender ?? System.DeadLetters;
        LastMessage = e.Message;
        return e.Message;
    }

    private bool TryReceive(TimeSpan max, out object message)
    {
        if (_queue.TryTake(out var e, max))
        {
            LastSender = e.Sender ?? System.DeadLetters;
            LastMessage = e.Message;
            message = e.Message;
            return true;
        }
        message = null!;
        return false;
    }

    /// <summary>Expects a message of type <typeparamref name="T"/> (optionally matching <paramref name="predicate"/>) and returns it.</summary>
    public T ExpectMsg<T>(Func<T, bool>? predicate = null, TimeSpan? timeout = null)
    {
        var max = Remaining(timeout);
        if (!TryReceive(max, out var message))
            throw new ExpectationFailedException($"Timeout ({Ms(max)}) while waiting for a message of type {typeof(T).Name} at {Ref.Path}: nothing arrived.");
        if (message is not T typed)
            throw new ExpectationFailedException($"Expected a message of type {typeof(T).Name} but received {Describe(message)} from {LastSender.Path}.");
        if (predicate is not null && !predicate(typed))
            throw new ExpectationFailedException($"Received {Describe(message)} from {LastSender.Path}, which does not match the expected condition.");
        return typed;
    }

    /// <summary>Expects a message equal to <paramref name="expected"/>.</summary>
    public T ExpectMsg<T>(T expected, TimeSpan? timeout = null) where T : notnull
    {
        var max = Remaining(timeout);
        if (!TryReceive(max, out var message))
            throw new ExpectationFailedException($"Timeout ({Ms(max)}) while waiting for {Describe(expected)} at {Ref.Path}: nothing arrived.");
        if (!Equals(message, expected))
            throw new ExpectationFailedException($"Expected {Describe(expected)} but received {Describe(message)} from {LastSender.Path}.");
        return (T)message;
    }

    /// <summary>Expects <paramref name="count"/> messages and returns them in arrival order.</summary>
    public IReadOnlyList<object> ReceiveN(int count, TimeSpan? timeout = null)
    {
        var max = Remaining(timeout);
        var clock = Stopwatch.StartNew();
        var result = new List<object>(count);
        while (result.Count < count)
        {
            var left = max == Timeout.InfiniteTimeSpan ? max : max - clock.Elapsed;
            if (left != Timeout.InfiniteTimeSpan && left < TimeSpan.Zero) left = TimeSpan.Zero;
            if (!TryReceive(left, out var m))
                throw new ExpectationFailedException($"Timeout ({Ms(max)}) while waiting for {count} messages at {Ref.Path}: received {result.Count}: [{string.Join(", ", result.Select(Describe))}].");
            result.Add(m);
        }
        return result;
    }

    /// <summary>Receives messages until one of type <typeparamref name="T"/> matches <paramref name="predicate"/>; the others are dropped.</summary>
    public T FishForMessage<T>(Func<T, bool> predicate, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        var max = Remaining(timeout);
        var clock = Stopwatch.StartNew();
        var seen = new List<object>();
        while (true)
        {
            var left = max == Timeout.InfiniteTimeSpan ? max : max - clock.Elapsed;
            if (left != Timeout.InfiniteTimeSpan && left < TimeSpan.Zero) left = TimeSpan.Zero;
            if (!TryReceive(left, out var m))
                throw new ExpectationFailedException($"Timeout ({Ms(max)}) while fishing for a matching {typeof(T).Name} at {Ref.Path}; received instead: [{string.Join(", ", seen.Select(Describe))}].");
            if (m is T t && predicate(t)) return t;
            seen.Add(m);
        }
    }

    /// <summary>Expects that no message arrives for <paramref name="duration"/> (default <c>sluice.test.expect-no-message-default</c>).</summary>
    public void ExpectNoMsg(TimeSpan? duration = null)
    {
        var d = duration is { } x ? _settings.Dilated(x) : _settings.ExpectNoMessageDefault;
        if (duration is null && _withinClock is not null) d = Min(d, Remaining(null));
        if (TryReceive(d, out var m))
            throw new ExpectationFailedException($"Expected no message for {Ms(d)} but received {Describe(m)} from {LastSender.Path}.");
    }

    /// <summary>Expects the <see cref="Terminated"/> of <paramref name="target"/> (watch it first).</summary>
    public Terminated ExpectTerminated(IActorRef target, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(target);
        var max = Remaining(timeout);
        if (!TryReceive(max, out var m))
            throw new ExpectationFailedException($"Timeout ({Ms(max)}) while waiting for Terminated({target.Path}): nothing arrived. Did you Watch it?");
        if (m is not Terminated t || !ReferenceEquals(t.ActorRef, target))
            throw new ExpectationFailedException($"Expected Terminated({target.Path}) but received {Describe(m)}.");
        return t;
    }

    /// <summary>
    /// Runs <paramref name="block"/> and asserts it took at least <paramref name="min"/> and at most
    /// <paramref name="max"/>; expectations inside default to the time that is left.
    /// </summary>
    public T Within<T>(TimeSpan min, TimeSpan max, Func<T> block)
    {
        ArgumentNullException.ThrowIfNull(block);
        var dilatedMax = _settings.Dilated(max);
        var outer = (_withinClock, _withinMax);
        _withinClock = Stopwatch.StartNew();
        _withinMax = dilatedMax;
        try
        {
            var result = block();
            var took = _withinClock.Elapsed;
            if (took < min) throw new ExpectationFailedException($"The block finished in {Ms(took)}, earlier than the minimum {Ms(min)}.");
            if (took > dilatedMax) throw new ExpectationFailedException($"The block took {Ms(took)}, more than the maximum {Ms(dilatedMax)}.");
            return result;
        }
        finally
        {
            (_withinClock, _withinMax) = outer;
        }
    }

    /// <summary>Like <see cref="Within{T}(TimeSpan, TimeSpan, Func{T})"/> for a block without result.</summary>
    public void Within(TimeSpan min, TimeSpan max, Action block)
    {
        ArgumentNullException.ThrowIfNull(block);
        Within(min, max, () =>
        {
            block();
            return 0;
        });
    }

    /// <summary>Time left in the innermost Within, or the given/default timeout.</summary>
    internal TimeSpan Remaining(TimeSpan? timeout)
    {
        var t = timeout is { } x ? _settings.Dilated(x) : _settings.SingleExpectDefault;
        if (_withinClock is null) return t;
        var left = _withinMax - _withinClock.Elapsed;
        if (left < TimeSpan.Zero) left = TimeSpan.Zero;
        return timeout is null ? left : Min(t, left);
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a == Timeout.InfiniteTimeSpan ? b : b == Timeout.InfiniteTimeSpan ? a : a < b ? a : b;

    internal static string Ms(TimeSpan t) => t == Timeout.InfiniteTimeSpan ? "infinite" : t.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture) + " ms";

    internal static string Describe(object? m) => m is null ? "null" : $"{m.GetType().Name} {m}";

    private sealed class ProbeRef(TestProbe owner, ActorPath path) : InternalActorRef
    {
        public ConcurrentDictionary<InternalActorRef, byte> Watching { get; } = new(ReferenceEqualityComparer.Instance);

        public override ActorPath Path { get; } = path;

        public override bool IsTerminated => false;

        public override void Tell(object message, IActorRef? sender)
        {
            ArgumentNullException.ThrowIfNull(message);
            owner._queue.Add(new Envelope(message, sender));
        }

        public override void SendSystemMessage(SystemMessage message)
        {
            if (message is DeathWatchNotification d && Watching.TryRemove(d.Actor, out _))
                owner._queue.Add(new Envelope(new Terminated(d.Actor, d.ExistenceConfirmed), d.Actor));
        }
    }
}
