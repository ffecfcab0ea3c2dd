using Sluice.Actors.Dispatch;
using Sluice.Actors.Events;

namespace Sluice.Actors.Runtime;

/// <summary>The stash of one actor cell; survives restarts of the actor instance.</summary>
internal sealed class ActorStash(ActorCell cell, int capacity) : IStash
{
    private readonly List<Envelope> _stashed = [];

    public int Count => _stashed.Count;

    public void Stash()
    {
        var current = cell.CurrentEnvelope;
        if (current.Message is null) throw new InvalidOperationException("Stash() is only valid while processing a message.");
        if (_stashed.Count > 0 && ReferenceEquals(_stashed[^1].Message, current.Message) && ReferenceEquals(_stashed[^1].Sender, current.Sender))
            throw new InvalidOperationException($"{cell.Self.Path} stashed the same message twice: {current.Message}");
        if (capacity >= 0 && _stashed.Count >= capacity)
            throw new StashOverflowException($"{cell.Self.Path} cannot stash {current.Message}: the stash holds its capacity of {capacity} messages (sluice.actor.stash-capacity).");
        _stashed.Add(current);
    }

    public void Unstash()
    {
        if (_stashed.Count == 0) return;
        var first = _stashed[0];
        _stashed.RemoveAt(0);
        cell.Mailbox.Prepend([first]);
    }

    public void UnstashAll() => ReturnToMailbox();

    public void UnstashAll(Func<object, bool> predicate)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        var keep = _stashed.Where(e => predicate(e.Message)).ToArray();
        _stashed.Clear();
        cell.Mailbox.Prepend(keep);
    }

    public IReadOnlyList<object> ClearStash()
    {
        var all = _stashed.Select(static e => e.Message).ToArray();
        _stashed.Clear();
        return all;
    }

    internal void ReturnToMailbox()
    {
        if (_stashed.Count == 0) return;
        var all = _stashed.ToArray();
        _stashed.Clear();
        cell.Mailbox.Prepend(all);
    }

    internal void DropToDeadLetters()
    {
        foreach (var e in _stashed) cell.System.DeadLetterSink.Publish(new DeadLetter(e.Message, e.Sender, cell.Self));
        _stashed.Clear();
    }
}
