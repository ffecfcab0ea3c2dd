using Sluice.Graphs.Queries.Checkpoints;

namespace Sluice.Graphs.Tests.Checkpoints;

/// <summary>Dies when the commit of one batch is about to be logged: the batch ran and its sink pre-commit is done.</summary>
internal sealed class CommitFailingStore(ICheckpointStore inner, long failingBatch) : ICheckpointStore
{
    public Task<CheckpointState> LoadAsync(CancellationToken cancellationToken) => inner.LoadAsync(cancellationToken);

    public Task<OffsetLogEntry?> GetOffsetsAsync(long batchId, CancellationToken cancellationToken) => inner.GetOffsetsAsync(batchId, cancellationToken);

    public Task WriteOffsetsAsync(OffsetLogEntry entry, CancellationToken cancellationToken) => inner.WriteOffsetsAsync(entry, cancellationToken);

    public CheckpointDatabase? Database => inner.Database;

    public Task WriteCommitAsync(CommitLogEntry entry, CancellationToken cancellationToken) =>
        entry.BatchId == failingBatch ? throw Crash(entry) : inner.WriteCommitAsync(entry, cancellationToken);

    public Task WriteCommitAsync(CommitLogEntry entry, ICommitParticipant participant, CancellationToken cancellationToken) =>
        entry.BatchId == failingBatch ? throw Crash(entry) : inner.WriteCommitAsync(entry, participant, cancellationToken);

    public Task<IReadOnlyList<string>> ReadSourceLogAsync(int source, CancellationToken cancellationToken) => inner.ReadSourceLogAsync(source, cancellationToken);

    public Task AppendSourceLogAsync(int source, IReadOnlyList<string> entries, CancellationToken cancellationToken) => inner.AppendSourceLogAsync(source, entries, cancellationToken);

    public Task PurgeSourceLogAsync(int source, int count, CancellationToken cancellationToken) => inner.PurgeSourceLogAsync(source, count, cancellationToken);

    private static IOException Crash(CommitLogEntry entry) => new($"injected crash before committing batch {entry.BatchId}");
}
