using Microsoft.Extensions.Logging;
using Sluice.Actors.Dispatch;
using Sluice.Actors.Events;
using Sluice.Actors.Scheduling;

namespace Sluice.Actors.Runtime;

// An ActorCell is the runtime's side of one actor: its instance, behaviour stack, children, watchers,
// timers and stash. Everything here runs on the actor's own thread (one at a time, guaranteed by the
// mailbox), except the children table, which system.ActorOf may touch from outside and is locked.
//
// Lifecycle: Create -> running -> (failure: suspended, waiting for the supervisor's Resume / Recreate /
// Terminate) -> terminating (children stopping) -> terminated (PostStop ran, mailbox closed, watchers told).
// The partial files hold the concerns: Children, DeathWatch, FaultHandling, ReceiveTimeout.
internal sealed partial class ActorCell : IActorContext
{
    [ThreadStatic] private static ActorCell? t_current;
    [ThreadStatic] private static ActorCell? t_constructing;

    private static long s_uid;

    private readonly Stack<Action<object>> _behaviors = new();
    private Action<object> _behavior = static _ => { };   // the top of _behaviors, cached for the hot path
    private ActorBase? _actor;
    private Envelope _current;
    private ILogger? _log;
    private TimerScheduler? _timers;
    private ActorStash? _stash;

    public ActorCell(ActorSystem system, ActorPath path, Props props, InternalActorRef parent, Mailbox mailbox)
    {
        System = system;
        Props = props;
        Parent = parent;
        Mailbox = mailbox;
        SelfRef = new LocalActorRef(this, mailbox, path.WithUid(Interlocked.Increment(ref s_uid)));
    }

    /// <summary>The cell whose actor is running on this thread, if any.</summary>
    public static ActorCell? Current
    {
        get => t_current;
        set => t_current = value;
    }

    /// <summary>The cell whose actor instance is being constructed on this thread.</summary>
    public static ActorCell? Constructing => t_constructing;

    public ActorSystem System { get; }

    public Props Props { get; }

    public InternalActorRef Parent { get; }

    IActorRef IActorContext.Parent => Parent;

    public Mailbox Mailbox { get; }

    public LocalActorRef SelfRef { get; }

    public IActorRef Self => SelfRef;

    public IActorRef Sender => _current.Sender ?? System.DeadLetters;

    internal object? CurrentMessage => _current.Message;

    internal Envelope CurrentEnvelope => _current;

    public ILogger Log => _log ??= System.CreateLogger(Props.ActorType, Self.Path);

    public TimerScheduler Timers => _timers ??= new TimerScheduler(this);

    public ActorStash Stash => _stash ??= new ActorStash(this, System.Settings.StashCapacity);

    public void Become(Action<object> behavior, bool discardOld = true)
    {
        ArgumentNullException.ThrowIfNull(behavior);
        if (discardOld && _behaviors.Count > 1) _behaviors.Pop();
        _behaviors.Push(behavior);
        _behavior = behavior;
    }

    public void Unbecome()
    {
        if (_behaviors.Count > 1) _behaviors.Pop();
        _behavior = _behaviors.Peek();
    }

    private void ResetBehavior(Action<object> initial)
    {
        _behaviors.Clear();
        _behaviors.Push(initial);
        _behavior = initial;
    }

    public ActorSelection ActorSelection(string path) => Actors.ActorSelection.Create(System, Self.Path, path);

    /// <summary>Processes one user message.</summary>
    public void Invoke(Envelope envelope)
    {
        _current = envelope;
        var message = envelope.Message;
        try
        {
            // One interface test keeps the runtime's own messages off the path of ordinary ones.
            if (message is IAutoReceivedMessage) AutoReceive(message);
            else _behavior(message);
        }
        catch (Exception e)
        {
            HandleInvokeFailure(e);
        }
        if (_receiveTimeout is not null && message is not INotInfluenceReceiveTimeout) RearmReceiveTimeout();
    }

    private void AutoReceive(object message)
    {
        switch (message)
        {
            case TimerMessage timer:
                if (!Timers.Accept(timer)) return;
                _current = new Envelope(timer.Message, null);
                if (timer.Message is IAutoReceivedMessage) AutoReceive(timer.Message);
                else _behavior(timer.Message);
                break;
            case ReceiveTimeoutTick tick:
                if (tick.Generation != _receiveTimeoutGeneration || _receiveTimeout is null) return;
                _behavior(Actors.ReceiveTimeout.Instance);
                RearmReceiveTimeout();
                break;
            case DeathWatchDelivery death:
                DeliverTerminated(death);
                break;
            case PoisonPill:
                Stop(Self);
                break;
            case Kill:
                throw new ActorKilledException($"Kill received by {Self.Path}");
            case Identify identify:
                Sender.Tell(new ActorIdentity(identify.CorrelationId, Self), Self);
                break;
            default:
                _behavior(message);
                break;
        }
    }

    public void Unhandled(object message)
    {
        if (message is Terminated t)
            throw new DeathPactException($"{Self.Path} watched {t.ActorRef.Path}, which stopped, and did not handle its Terminated message.");
        System.EventStream.Publish(new UnhandledMessage(message, _current.Sender, Self));
    }

    /// <summary>Processes one system message.</summary>
    public void SystemInvoke(SystemMessage message)
    {
        try
        {
            switch (message)
            {
                case Create: CreateActor(); break;
                case Recreate r: FaultRecreate(r.Cause); break;
                case Resume: FaultResume(); break;
                case Terminate: BeginTerminate(); break;
                case Failed f: HandleFailedChild(f); break;
                case Watch w: AddWatcher(w); break;
                case Unwatch u: RemoveWatcher(u); break;
                case DeathWatchNotification d: HandleDeathWatchNotification(d); break;
            }
        }
        catch (Exception e)
        {
            HandleInvokeFailure(e);
        }
    }

    /// <summary>Answers a system message that reached this actor after it stopped.</summary>
    public void SystemInvokeDead(SystemMessage message)
    {
        if (message is Watch w && w.Watchee == SelfRef && w.Watcher != SelfRef)
            w.Watcher.SendSystemMessage(new DeathWatchNotification(SelfRef, ExistenceConfirmed: false));
    }

    private ActorBase NewActorInstance()
    {
        var previous = t_constructing;
        t_constructing = this;
        try
        {
            var actor = Props.NewActor();
            ResetBehavior(actor.InvokeReceive);
            return actor;
        }
        finally
        {
            t_constructing = previous;
        }
    }

    private void CreateActor()
    {
        try
        {
            _actor = NewActorInstance();
            _actor.InvokePreStart();
        }
        catch (Exception e)
        {
            HandleInvokeFailure(new ActorInitializationException($"{Self.Path} failed to start: {e.Message}", e) { Actor = Self });
        }
    }

    public override string ToString() => $"ActorCell({Self.Path})";
}
