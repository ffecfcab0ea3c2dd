namespace Sluice.Actors;

/// <summary>
/// Messages an actor sets aside to process later, e.g. while it waits for a reply. Stashed messages survive
/// a restart (they go back in front of the mailbox) and go to dead letters when the actor stops.
/// </summary>
public interface IStash
{
    /// <summary>Stashes the message being processed.</summary>
    /// <exception cref="InvalidOperationException">The same message was stashed twice.</exception>
    /// <exception cref="StashOverflowException">The stash is full.</exception>
    void Stash();

    /// <summary>Puts the oldest stashed message back in front of the mailbox.</summary>
    void Unstash();

    /// <summary>Puts every stashed message back in front of the mailbox, in the order they were stashed.</summary>
    void UnstashAll();

    /// <summary>Puts the stashed messages matching <paramref name="predicate"/> back; the others are discarded.</summary>
    void UnstashAll(Func<object, bool> predicate);

    /// <summary>Removes and returns every stashed message without processing it.</summary>
    IReadOnlyList<object> ClearStash();

    /// <summary>How many messages are stashed.</summary>
    int Count { get; }
}
