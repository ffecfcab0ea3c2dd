using Sluice.Actors.Logging;
using Sluice.Actors.Runtime;

namespace Sluice.Actors.Supervision;

/// <summary>
/// How a parent treats a failing child. A decider maps the exception to a <see cref="Directive"/>;
/// Restart turns into Stop once the child exceeded <c>maxNrOfRetries</c> within <c>withinTimeRange</c>.
/// </summary>
public abstract class SupervisorStrategy
{
    /// <summary>Creates a strategy.</summary>
    /// <param name="maxNrOfRetries">Restarts allowed within <paramref name="withinTimeRange"/>; -1 = unlimited, 0 = none.</param>
    /// <param name="withinTimeRange">The window; <see cref="Timeout.InfiniteTimeSpan"/> counts restarts forever.</param>
    /// <param name="decider">Maps an exception to a directive.</param>
    protected SupervisorStrategy(int maxNrOfRetries, TimeSpan withinTimeRange, Func<Exception, Directive> decider)
    {
        ArgumentNullException.ThrowIfNull(decider);
        MaxNrOfRetries = maxNrOfRetries;
        WithinTimeRange = withinTimeRange;
        Decider = decider;
    }

    /// <summary>Restarts allowed within <see cref="WithinTimeRange"/>; -1 = unlimited.</summary>
    public int MaxNrOfRetries { get; }

    /// <summary>The window of <see cref="MaxNrOfRetries"/>.</summary>
    public TimeSpan WithinTimeRange { get; }

    /// <summary>Maps an exception to a directive.</summary>
    public Func<Exception, Directive> Decider { get; }

    /// <summary>
    /// The default decider: initialization failures, <see cref="Kill"/> and death pacts stop the child;
    /// any other exception restarts it.
    /// </summary>
    public static Directive DefaultDecider(Exception exception) => exception switch
    {
        ActorInitializationException or ActorKilledException or DeathPactException => Directive.Stop,
        _ => Directive.Restart,
    };

    /// <summary>One-for-one with <see cref="DefaultDecider"/> and unlimited restarts.</summary>
    public static SupervisorStrategy Default { get; } = new OneForOneStrategy(-1, Timeout.InfiniteTimeSpan, DefaultDecider);

    /// <summary>Stops any child that fails.</summary>
    public static SupervisorStrategy Stopping { get; } = new OneForOneStrategy(0, Timeout.InfiniteTimeSpan, static _ => Directive.Stop);

    internal void HandleFailure(ActorCell parent, ChildRestartStats failed, Exception cause)
    {
        var directive = Decider(cause);
        switch (directive)
        {
            case Directive.Resume:
                parent.Log.ChildResumed(cause, failed.Child.Path, cause.Message);
                ActorCell.ResumeChild(failed.Child, cause);
                break;
            case Directive.Restart:
                ProcessRestart(parent, failed, cause);
                break;
            case Directive.Stop:
                parent.Log.ChildStopped(cause, failed.Child.Path, cause.Message);
                ProcessStop(parent, failed);
                break;
            case Directive.Escalate:
                parent.Escalate(cause);
                break;
        }
    }

    private protected abstract void ProcessRestart(ActorCell parent, ChildRestartStats failed, Exception cause);

    private protected abstract void ProcessStop(ActorCell parent, ChildRestartStats failed);
}

/// <summary>Applies the directive to the failing child only.</summary>
public sealed class OneForOneStrategy : SupervisorStrategy
{
    /// <inheritdoc cref="SupervisorStrategy(int, TimeSpan, Func{Exception, Directive})"/>
    public OneForOneStrategy(int maxNrOfRetries, TimeSpan withinTimeRange, Func<Exception, Directive> decider)
        : base(maxNrOfRetries, withinTimeRange, decider) { }

    /// <summary>Unlimited restarts with <paramref name="decider"/>.</summary>
    public OneForOneStrategy(Func<Exception, Directive> decider) : this(-1, Timeout.InfiniteTimeSpan, decider) { }

    private protected override void ProcessRestart(ActorCell parent, ChildRestartStats failed, Exception cause)
    {
        if (failed.RequestRestartPermission(MaxNrOfRetries, WithinTimeRange, parent.System.TimeProvider))
        {
            parent.Log.ChildRestarted(cause, failed.Child.Path, cause.Message);
            ActorCell.RestartChild(failed.Child, cause);
        }
        else
        {
            parent.Log.ChildRetriesExhausted(cause, failed.Child.Path, MaxNrOfRetries, WithinTimeRange, cause.Message);
            ActorCell.StopChild(failed.Child);
        }
    }

    private protected override void ProcessStop(ActorCell parent, ChildRestartStats failed) => ActorCell.StopChild(failed.Child);
}

/// <summary>Applies the directive to the failing child and all its siblings (for children that only work together).</summary>
public sealed class AllForOneStrategy : SupervisorStrategy
{
    /// <inheritdoc cref="SupervisorStrategy(int, TimeSpan, Func{Exception, Directive})"/>
    public AllForOneStrategy(int maxNrOfRetries, TimeSpan withinTimeRange, Func<Exception, Directive> decider)
        : base(maxNrOfRetries, withinTimeRange, decider) { }

    /// <summary>Unlimited restarts with <paramref name="decider"/>.</summary>
    public AllForOneStrategy(Func<Exception, Directive> decider) : this(-1, Timeout.InfiniteTimeSpan, decider) { }

    private protected override void ProcessRestart(ActorCell parent, ChildRestartStats failed, Exception cause)
    {
        var siblings = parent.ChildStats;
        if (siblings.All(s => s.RequestRestartPermission(MaxNrOfRetries, WithinTimeRange, parent.System.TimeProvider)))
        {
            parent.Log.AllChildrenRestarted(cause, failed.Child.Path, siblings.Count, cause.Message);
            foreach (var s in siblings) ActorCell.RestartChild(s.Child, cause);
        }
        else
        {
            parent.Log.ChildRetriesExhausted(cause, failed.Child.Path, MaxNrOfRetries, WithinTimeRange, cause.Message);
            foreach (var s in siblings) ActorCell.StopChild(s.Child);
        }
    }

    private protected override void ProcessStop(ActorCell parent, ChildRestartStats failed)
    {
        foreach (var s in parent.ChildStats) ActorCell.StopChild(s.Child);
    }
}
