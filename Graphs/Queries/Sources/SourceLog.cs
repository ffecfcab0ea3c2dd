using Sluice.Graphs.Queries.Checkpoints;

namespace Sluice.Graphs.Queries.Sources;

/// <summary>One source's log in the query's checkpoint: what its long offsets stand for, kept across restarts.</summary>
internal sealed class SourceLog(ICheckpointStore store, int source)
{
    /// <summary>The entries logged so far, in order.</summary>
    public Task<IReadOnlyList<string>> ReadAsync(CancellationToken cancellationToken) => store.ReadSourceLogAsync(source, cancellationToken);

    /// <summary>Appends entries durably, before any offset that refers to them is logged.</summary>
    public Task AppendAsync(IReadOnlyList<string> entries, CancellationToken cancellationToken) => store.AppendSourceLogAsync(source, entries, cancellationToken);

    /// <summary>Deletes the oldest <paramref name="count"/> entries (what the query has committed).</summary>
    public Task PurgeAsync(int count, CancellationToken cancellationToken) => store.PurgeSourceLogAsync(source, count, cancellationToken);
}

/// <summary>A source whose offsets need its log to mean the same rows after a restart (files taken, rate origin).</summary>
internal interface ILoggedSource
{
    /// <summary>Restores the source's positions from its log (called once the source is open, before the first offset is read) and keeps the log to append to.</summary>
    ValueTask RestoreAsync(SourceLog log, CancellationToken cancellationToken);
}
