using Sluice.Graphs.Queries.Checkpoints;

namespace Sluice.Graphs.Tests.Queries;

/// <summary>A checkpoint store that fails a write when armed, as a crash at that point would stop the query.</summary>
internal sealed class FaultyCheckpointStore(ICheckpointStore inner) : ICheckpointStore
{
    /// <summary>Fails the next offset log write (after the sources logged what they hand to the batch).</summary>
    public bool FailNextOffsets { get; set; }

    /// <summary>Fails the next commit log write (after the sink pre-committed the batch).</summary>
    public bool FailNextCommit { get; set; }

    /// <summary>Fails the commit log write of this batch.</summary>
    public long FailCommitOf { get; set; } = -1;

    public Task<CheckpointState> LoadAsync(CancellationToken cancellationToken) => inner.LoadAsync(cancellationToken);

    public Task<OffsetLogEntry?> GetOffsetsAsync(long batchId, CancellationToken cancellationToken) => inner.GetOffsetsAsync(batchId, cancellationToken);

    public Task WriteOffsetsAsync(OffsetLogEntry entry, CancellationToken cancellationToken)
    {
        if (FailNextOffsets)
        {
            FailNextOffsets = false;
            throw new IOException($"simulated crash before the offsets of batch {entry.BatchId} were logged");
        }

        return inner.WriteOffsetsAsync(entry, cancellationToken);
    }

    public CheckpointDatabase? Database => inner.Database;

    public Task WriteCommitAsync(CommitLogEntry entry, CancellationToken cancellationToken)
    {
        FailIfArmed(entry);
        return inner.WriteCommitAsync(entry, cancellationToken);
    }

    public Task WriteCommitAsync(CommitLogEntry entry, ICommitParticipant participant, CancellationToken cancellationToken)
    {
        FailIfArmed(entry);
        return inner.WriteCommitAsync(entry, participant, cancellationToken);
    }

    private void FailIfArmed(CommitLogEntry entry)
    {
        if (FailNextCommit || entry.BatchId == FailCommitOf)
        {
            FailNextCommit = false;
            throw new IOException($"simulated crash before the commit of batch {entry.BatchId}");
        }
    }

    public Task<IReadOnlyList<string>> ReadSourceLogAsync(int source, CancellationToken cancellationToken) => inner.ReadSourceLogAsync(source, cancellationToken);

    public Task AppendSourceLogAsync(int source, IReadOnlyList<string> entries, CancellationToken cancellationToken) => inner.AppendSourceLogAsync(source, entries, cancellationToken);

    public Task PurgeSourceLogAsync(int source, int count, CancellationToken cancellationToken) => inner.PurgeSourceLogAsync(source, count, cancellationToken);
}
