using Sluice.Actors;

namespace Sluice.Persistence.Tests;

public sealed record Cmd(string Data);

public sealed record CmdAll(string[] Data);

public sealed record CmdAsync(string Data);

public sealed record CmdDefer(string Data);

public sealed record CmdPoison;

public sealed record CmdThenThrow(string Data);

public sealed record TakeSnapshot;

public sealed record DeleteTo(long SequenceNr);

public sealed record GetState;

public sealed record RecorderState(string Items, long LastSequenceNr, string RecoveryLog);

/// <summary>An event whose JSON serialization throws: the journal rejects it.</summary>
public sealed class Poison
{
    private readonly int _marker = 1;

    public string Value => _marker > 0 ? throw new InvalidOperationException("Poison cannot be serialized.") : "";
}

/// <summary>A persistent actor that records string events and reports to a probe.</summary>
public sealed class Recorder(string pid, IActorRef probe, Recovery? recovery) : PersistentActor
{
    private readonly List<string> _recoveryLog = [];
    private List<string> _items = [];

    public override string PersistenceId => pid;

    protected override Recovery Recovery => recovery ?? Recovery.Default;

    protected override void ReceiveRecover(object message)
    {
        switch (message)
        {
            case SnapshotOffer { Snapshot: string[] items } offer:
                _items = [.. items];
                _recoveryLog.Add($"snapshot@{offer.Metadata.SequenceNr}");
                break;
            case "boom":
                throw new InvalidOperationException("boom cannot be applied");
            case string e:
                _items.Add(e);
                _recoveryLog.Add(e);
                break;
            case RecoveryCompleted:
                _recoveryLog.Add("completed");
                break;
        }
    }

    protected override void ReceiveCommand(object message)
    {
        switch (message)
        {
            case Cmd c:
                Persist(c.Data, Apply);
                break;
            case CmdAll c:
                PersistAll(c.Data, Apply);
                break;
            case CmdAsync c:
                PersistAsync(c.Data, e =>
                {
                    _items.Add(e);
                    Sender.Tell("async-" + e);
                });
                break;
            case CmdDefer c:
                Defer(c.Data + "-first", e => Sender.Tell(e));
                Persist(c.Data + "-1", Apply);
                Persist(c.Data + "-2", Apply);
                Defer(c.Data + "-done", e => Sender.Tell(e));
                break;
            case CmdThenThrow c:
                Persist(c.Data, Apply);
                throw new InvalidOperationException("the command handler failed after persisting");
            case CmdPoison:
                Persist(new Poison(), _ => Sender.Tell("poison stored"));
                break;
            case TakeSnapshot:
                SaveSnapshot(_items.ToArray());
                break;
            case DeleteTo d:
                DeleteMessages(d.SequenceNr);
                break;
            case SaveSnapshotSuccess or SaveSnapshotFailure or DeleteMessagesSuccess or DeleteMessagesFailure:
                probe.Tell(message);
                break;
            case "ping":
                Sender.Tell("pong");
                break;
            case GetState:
                Sender.Tell(new RecorderState(string.Join(",", _items), LastSequenceNr, string.Join(",", _recoveryLog)));
                break;
        }
    }

    protected override void OnPersistRejected(Exception cause, object @event, long sequenceNr)
    {
        base.OnPersistRejected(cause, @event, sequenceNr);
        probe.Tell($"rejected {@event.GetType().Name} #{sequenceNr}");
    }

    protected override void OnPersistFailure(Exception cause, object @event, long sequenceNr)
    {
        base.OnPersistFailure(cause, @event, sequenceNr);
        probe.Tell($"failed #{sequenceNr}");
    }

    private void Apply(string e)
    {
        _items.Add(e);
        Sender.Tell(e);
    }
}
