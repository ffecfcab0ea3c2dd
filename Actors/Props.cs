using Sluice.Actors.Supervision;

namespace Sluice.Actors;

/// <summary>
/// The immutable recipe of an actor: how to create an instance (a factory delegate, no reflection or
/// expression trees), which dispatcher runs it, which mailbox queues its messages, and optionally the
/// supervisor strategy it applies to its children.
/// </summary>
/// <example><code>var props = Props.Create(() => new Counter(start: 10)).WithDispatcher("pinned");</code></example>
public sealed class Props
{
    private readonly Func<ActorBase> _factory;

    private Props(Func<ActorBase> factory, Type actorType, string dispatcher, string mailbox, SupervisorStrategy? strategy)
    {
        _factory = factory;
        ActorType = actorType;
        Dispatcher = dispatcher;
        Mailbox = mailbox;
        SupervisorStrategy = strategy;
    }

    /// <summary>Props for an actor with a parameterless constructor.</summary>
    public static Props Create<TActor>() where TActor : ActorBase, new() =>
        new(static () => new TActor(), typeof(TActor), "default", "default", null);

    /// <summary>Props whose instances come from <paramref name="factory"/>; it is called again on every restart.</summary>
    public static Props Create<TActor>(Func<TActor> factory) where TActor : ActorBase
    {
        ArgumentNullException.ThrowIfNull(factory);
        return new Props(factory, typeof(TActor), "default", "default", null);
    }

    /// <summary>The type the factory produces (for diagnostics).</summary>
    public Type ActorType { get; }

    /// <summary>The name of the dispatcher under <c>sluice.actor.dispatchers</c>; "default" unless changed.</summary>
    public string Dispatcher { get; }

    /// <summary>The name of the mailbox under <c>sluice.actor.mailboxes</c>; "default" unless changed.</summary>
    public string Mailbox { get; }

    /// <summary>Overrides the actor's own <see cref="ActorBase.SupervisorStrategy"/> for its children, when set.</summary>
    public SupervisorStrategy? SupervisorStrategy { get; }

    /// <summary>The same props run by another dispatcher, e.g. "pinned" for actors that block.</summary>
    public Props WithDispatcher(string dispatcher) => new(_factory, ActorType, dispatcher, Mailbox, SupervisorStrategy);

    /// <summary>The same props with another mailbox, e.g. "bounded".</summary>
    public Props WithMailbox(string mailbox) => new(_factory, ActorType, Dispatcher, mailbox, SupervisorStrategy);

    /// <summary>The same props supervising children with <paramref name="strategy"/>.</summary>
    public Props WithSupervisorStrategy(SupervisorStrategy strategy) => new(_factory, ActorType, Dispatcher, Mailbox, strategy);

    internal ActorBase NewActor() => _factory();

    /// <inheritdoc />
    public override string ToString() => $"Props({ActorType.Name}, dispatcher={Dispatcher}, mailbox={Mailbox})";
}
