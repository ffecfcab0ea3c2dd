namespace Sluice.Persistence.Snapshots;

/// <summary>
/// Where persistent actors' snapshots are stored. Every implementation passes
/// <c>Sluice.TestKit.Persistence.SnapshotStoreSpec</c>.
/// </summary>
public interface ISnapshotStore : IAsyncDisposable
{
    /// <summary>Stores a snapshot; one saved earlier with the same persistence id and sequence number is replaced.</summary>
    /// <param name="metadata">Whose state, after which event, taken when (<c>default</c> time = now).</param>
    /// <param name="snapshot">The state; serialized by the store's registry.</param>
    /// <param name="cancellationToken">Cancels the save.</param>
    /// <returns>Completes when the snapshot is durable.</returns>
    /// <exception cref="PersistenceException">The snapshot cannot be serialized or the store failed.</exception>
    Task SaveAsync(SnapshotMetadata metadata, object snapshot, CancellationToken cancellationToken);

    /// <summary>Loads the youngest snapshot of an actor that matches the criteria.</summary>
    /// <param name="persistenceId">The actor.</param>
    /// <param name="criteria">Bounds on sequence number and timestamp.</param>
    /// <param name="cancellationToken">Cancels the load.</param>
    /// <returns>The snapshot, or null when none matches.</returns>
    /// <exception cref="PersistenceException">The snapshot cannot be read back or the store failed.</exception>
    Task<SelectedSnapshot?> LoadAsync(string persistenceId, SnapshotSelectionCriteria criteria, CancellationToken cancellationToken);

    /// <summary>Deletes the snapshot with the metadata's persistence id and sequence number, if its timestamp is not
    /// after the metadata's (a <c>default</c> timestamp matches any).</summary>
    /// <param name="metadata">The snapshot.</param>
    /// <param name="cancellationToken">Cancels the delete.</param>
    /// <returns>Completes when the delete is durable.</returns>
    Task DeleteAsync(SnapshotMetadata metadata, CancellationToken cancellationToken);

    /// <summary>Deletes all snapshots of an actor that match the criteria.</summary>
    /// <param name="persistenceId">The actor.</param>
    /// <param name="criteria">Bounds on sequence number and timestamp.</param>
    /// <param name="cancellationToken">Cancels the delete.</param>
    /// <returns>Completes when the delete is durable.</returns>
    Task DeleteAsync(string persistenceId, SnapshotSelectionCriteria criteria, CancellationToken cancellationToken);
}
