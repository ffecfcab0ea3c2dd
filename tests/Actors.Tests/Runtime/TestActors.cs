using Sluice.Actors;

namespace Sluice.Actors.Tests.Runtime;

/// <summary>Small actors shared by the runtime tests.</summary>
internal sealed class Echo : ActorBase
{
    protected override void Receive(object message) => Sender.Tell(message);
}

internal sealed record Fail(string Reason);

internal sealed record Get;

/// <summary>Counts messages, fails on <see cref="Fail"/>, reports lifecycle events to a probe.</summary>
internal sealed class Recorder(IActorRef probe, string name = "recorder") : ActorBase
{
    private int _count;

    protected override void PreStart() => probe.Tell($"{name}:PreStart");
    protected override void PostStop() => probe.Tell($"{name}:PostStop");
    protected override void PreRestart(Exception reason, object? message)
    {
        probe.Tell($"{name}:PreRestart:{reason.Message}:{message}");
        base.PreRestart(reason, message);
    }
    protected override void PostRestart(Exception reason)
    {
        probe.Tell($"{name}:PostRestart");
        base.PostRestart(reason);
    }

    protected override void Receive(object message)
    {
        switch (message)
        {
            case Fail f: throw new InvalidOperationException(f.Reason);
            case Get: Sender.Tell(_count); break;
            case int n:
                _count++;
                probe.Tell(n);
                break;
            default: Unhandled(message); break;
        }
    }
}

/// <summary>A parent with a given strategy that creates children on request.</summary>
internal sealed class Parent(Supervision.SupervisorStrategy strategy) : ActorBase
{
    public override Supervision.SupervisorStrategy SupervisorStrategy => strategy;

    protected override void Receive(object message)
    {
        switch (message)
        {
            case Props p: Sender.Tell(Context.ActorOf(p)); break;
            case (Props p, string n): Sender.Tell(Context.ActorOf(p, n)); break;
            case Fail f: throw new InvalidOperationException(f.Reason);
            default: Unhandled(message); break;
        }
    }
}
