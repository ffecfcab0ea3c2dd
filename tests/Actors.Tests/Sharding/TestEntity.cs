using Sluice.Actors.Sharding;

namespace Sluice.Actors.Tests.Sharding;

internal sealed record Started(string Id, IActorRef Entity);

internal sealed record Stopped(string Id);

internal sealed record GotStop(string Id);

internal sealed record Reply(string Id, object Message, int Count, IActorRef Entity);

/// <summary>An entity that reports its life to a probe and answers every other message with a running count.</summary>
internal sealed class TestEntity(string id, IActorRef lifecycle) : ActorBase
{
    private int _count;

    protected override void PreStart() => lifecycle.Tell(new Started(id, Self));

    protected override void PostStop() => lifecycle.Tell(new Stopped(id));

    protected override void Receive(object message)
    {
        switch (message)
        {
            case "passivate":
                Context.Parent.Tell(new Passivate("stop"));
                break;
            case "stop":
                lifecycle.Tell(new GotStop(id));
                break;
            case "really-stop":
                Context.Stop(Self);
                break;
            case "crash":
                throw new InvalidOperationException("crash of " + id);
            default:
                _count++;
                Sender.Tell(new Reply(id, message, _count, Self));
                break;
        }
    }
}
