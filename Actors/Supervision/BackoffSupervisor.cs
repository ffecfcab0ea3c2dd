namespace Sluice.Actors.Supervision;

/// <summary>
/// A parent that restarts its one child after a growing delay instead of at once, so that a child that
/// fails because something outside is down (a database, a socket) does not hammer it. Messages sent to
/// the supervisor are forwarded to the child; while the child is down they go to dead letters.
/// </summary>
/// <example><code>
/// var props = BackoffSupervisor.Props(BackoffOptions.OnStop(Props.Create(() => new Shard()), "shard-7",
///     TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(10), 0.2));
/// </code></example>
public sealed class BackoffSupervisor : ActorBase
{
    private readonly BackoffOptions _options;
    private IActorRef? _child;
    private int _restartCount;
    private long _childGeneration;

    private readonly SupervisorStrategy _strategy;
    private Exception? _childFailure;

    private BackoffSupervisor(BackoffOptions options)
    {
        _options = options;
        // On-failure mode: a failing child is stopped (not restarted at once) and the failure remembered,
        // so that its Terminated can be told apart from a normal stop.
        _strategy = options.RestartOnFailureOnly
            ? new OneForOneStrategy(0, Timeout.InfiniteTimeSpan, e =>
            {
                _childFailure = e;
                return Directive.Stop;
            })
            : Supervision.SupervisorStrategy.Default;
    }

    /// <summary>The props of a backoff supervisor.</summary>
    public static Props Props(BackoffOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return Actors.Props.Create(() => new BackoffSupervisor(options));
    }

    /// <summary>Asks for the current child; the reply is <see cref="CurrentChild"/>.</summary>
    public sealed class GetCurrentChild
    {
        /// <summary>The single instance.</summary>
        public static readonly GetCurrentChild Instance = new();
        private GetCurrentChild() { }
    }

    /// <summary>The reply to <see cref="GetCurrentChild"/>; null while the child is down.</summary>
    public sealed record CurrentChild(IActorRef? Ref);

    /// <summary>Asks for the number of restarts since the last reset; the reply is <see cref="RestartCount"/>.</summary>
    public sealed class GetRestartCount
    {
        /// <summary>The single instance.</summary>
        public static readonly GetRestartCount Instance = new();
        private GetRestartCount() { }
    }

    /// <summary>The reply to <see cref="GetRestartCount"/>.</summary>
    public sealed record RestartCount(int Count);

    /// <summary>Resets the restart count (manual reset).</summary>
    public sealed class Reset
    {
        /// <summary>The single instance.</summary>
        public static readonly Reset Instance = new();
        private Reset() { }
    }

    private sealed record StartChild(long Generation);

    private sealed record ResetCount(long Generation);

    /// <inheritdoc />
    public override SupervisorStrategy SupervisorStrategy => _strategy;

    /// <inheritdoc />
    protected override void PreStart() => StartNewChild();

    private void StartNewChild()
    {
        _child = Context.Watch(Context.ActorOf(_options.ChildProps, _options.ChildName));
        var generation = ++_childGeneration;
        if (_options.ResetAfter is { } after) Timers.StartSingleTimer("reset", new ResetCount(generation), after);
    }

    /// <inheritdoc />
    protected override void Receive(object message)
    {
        switch (message)
        {
            case Terminated t when ReferenceEquals(t.ActorRef, _child):
                _child = null;
                Timers.Cancel("reset");
                var failed = _childFailure is not null;
                _childFailure = null;
                if (_options.RestartOnFailureOnly && !failed)
                {
                    Context.Stop(Self);
                    return;
                }
                if (_options.MaxRestarts >= 0 && _restartCount >= _options.MaxRestarts)
                {
                    Context.Stop(Self);
                    return;
                }
                var delay = _options.DelayFor(_restartCount, Random.Shared.NextDouble());
                _restartCount++;
                Timers.StartSingleTimer("restart", new StartChild(_childGeneration), delay);
                break;
            case StartChild s when s.Generation == _childGeneration && _child is null:
                StartNewChild();
                break;
            case ResetCount r when r.Generation == _childGeneration:
                _restartCount = 0;
                break;
            case Reset:
                _restartCount = 0;
                break;
            case GetCurrentChild:
                Sender.Tell(new CurrentChild(_child));
                break;
            case GetRestartCount:
                Sender.Tell(new RestartCount(_restartCount));
                break;
            case StartChild or ResetCount or Terminated:
                break;
            default:
                if (_child is not null) _child.Forward(message);
                else Context.System.DeadLetters.Tell(message, Sender);
                break;
        }
    }
}
