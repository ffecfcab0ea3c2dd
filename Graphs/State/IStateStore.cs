namespace Sluice.Graphs.State;

/// <summary>
/// The untyped face of a <see cref="StateStore{TKey,TState}"/>, for the shard host that checkpoints it: it persists an
/// epoch's changes as one changelog entry and, every few epochs, the whole store as a snapshot.
/// </summary>
public interface IStateStore
{
    /// <summary>The store's name, unique within its operator (an operator may keep several stores: a join keeps one per side).</summary>
    string Name { get; }

    /// <summary>How many keys are stored.</summary>
    int Count { get; }

    /// <summary>Keys written (put, or changed through a ref) since the last <see cref="TakeChanges"/>.</summary>
    long UpdatedKeys { get; }

    /// <summary>Keys removed since the last <see cref="TakeChanges"/>.</summary>
    long RemovedKeys { get; }

    /// <summary>An estimate of the memory the state takes, in bytes (from the serialized sizes seen so far).</summary>
    long EstimatedBytes { get; }

    /// <summary>Serializes the changes since the last call (the epoch's changelog) and starts tracking afresh.</summary>
    byte[] TakeChanges();

    /// <summary>Applies a changelog written by <see cref="TakeChanges"/> (during recovery).</summary>
    void ApplyChanges(ReadOnlySpan<byte> changes);

    /// <summary>Serializes every entry (a snapshot). Does not reset change tracking.</summary>
    byte[] Snapshot();

    /// <summary>Replaces the whole content with a snapshot written by <see cref="Snapshot"/> and clears change tracking.</summary>
    void Restore(ReadOnlySpan<byte> snapshot);
}
