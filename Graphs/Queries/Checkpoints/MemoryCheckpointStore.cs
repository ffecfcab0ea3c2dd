using System.Collections.Concurrent;
using Sluice.Graphs.State;

namespace Sluice.Graphs.Queries.Checkpoints;

/// <summary>
/// A checkpoint kept in memory for the life of the process, one per location: a query stopped and started again on the
/// same location resumes from it. Also holds the location's local state backend, so that state survives the restart
/// the same way.
/// </summary>
internal sealed class MemoryCheckpointStore : ICheckpointStore
{
    private static readonly ConcurrentDictionary<string, MemoryCheckpointStore> Stores = new(StringComparer.Ordinal);

    private readonly Lock _gate = new();
    private readonly SortedDictionary<long, OffsetLogEntry> _offsets = [];
    private readonly SortedDictionary<long, CommitLogEntry> _commits = [];
    private readonly Dictionary<int, List<string>> _sourceLogs = [];
    private readonly Guid _queryId = Guid.NewGuid();

    /// <summary>The local backend of this location (state in memory).</summary>
    public LocalStateBackend Backend { get; } = new();

    /// <summary>The store of <paramref name="location"/> (created on first use).</summary>
    public static MemoryCheckpointStore For(string location) => Stores.GetOrAdd(location, static _ => new MemoryCheckpointStore());

    /// <summary>A fresh store that no other query can find (a query without a checkpoint location).</summary>
    public static MemoryCheckpointStore Temporary() => new();

    public Task<CheckpointState> LoadAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var offsets = _offsets.Count > 0 ? _offsets.Last().Value : null;
            var commit = _commits.Count > 0 ? _commits.Last().Value : null;
            return Task.FromResult(new CheckpointState(_queryId, offsets, commit));
        }
    }

    public Task<OffsetLogEntry?> GetOffsetsAsync(long batchId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_offsets.GetValueOrDefault(batchId));
        }
    }

    public Task WriteOffsetsAsync(OffsetLogEntry entry, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _offsets[entry.BatchId] = entry;
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<string>> ReadSourceLogAsync(int source, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<string>>(_sourceLogs.TryGetValue(source, out var log) ? [.. log] : []);
        }
    }

    public Task AppendSourceLogAsync(int source, IReadOnlyList<string> entries, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!_sourceLogs.TryGetValue(source, out var log))
            {
                _sourceLogs[source] = log = [];
            }

            log.AddRange(entries);
        }

        return Task.CompletedTask;
    }

    public Task PurgeSourceLogAsync(int source, int count, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_sourceLogs.TryGetValue(source, out var log))
            {
                log.RemoveRange(0, Math.Min(count, log.Count));
            }
        }

        return Task.CompletedTask;
    }

    public Task WriteCommitAsync(CommitLogEntry entry, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _commits[entry.BatchId] = entry;
        }

        return Task.CompletedTask;
    }
}
