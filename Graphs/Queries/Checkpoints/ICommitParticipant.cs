using System.Data.Common;

namespace Sluice.Graphs.Queries.Checkpoints;

/// <summary>
/// A sink that writes into a database and can do so in the transaction that writes an epoch's commit-log entry, when
/// the checkpoint is kept in that same database: the epoch's rows and its commit then become visible together or not
/// at all (DESIGN 4.4: exactly-once even for a sink that is not idempotent).
/// </summary>
internal interface ICommitParticipant
{
    /// <summary>
    /// Called once when the query starts, with its (stable) id and the checkpoint's database (null: one no sink can
    /// share). Returns true when the participant writes to that database and will therefore write each epoch inside
    /// <see cref="ICheckpointStore.WriteCommitAsync(CommitLogEntry, ICommitParticipant, CancellationToken)"/>;
    /// false when it commits its epochs on its own.
    /// </summary>
    bool Attach(Guid queryId, CheckpointDatabase? database);

    /// <summary>Writes epoch <paramref name="epochId"/>'s effects on the checkpoint's connection, inside its open commit transaction.</summary>
    Task WriteInCommitAsync(long epochId, DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken);
}
