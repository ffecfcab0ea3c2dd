namespace Sluice.Graphs.Queries.Sinks;

/*
 * Two-phase sinks (DESIGN 4.4 steps 4-5). On barrier N the engine pre-commits epoch N's rows (the sink stages them);
 * after the epoch is committed (the commit log written) it commits N. Both are idempotent by epoch id: a re-run of an
 * uncommitted epoch after a restart replaces what was staged, and a commit of an epoch at or below the last one
 * committed does nothing. The default implementation stages in memory and writes on commit through WriteEpochAsync;
 * a sink with durable staging (files, a SQL transaction) overrides PreCommitAsync/CommitAsync.
 */

/// <summary>Where a streaming query writes each epoch's rows: two-phase and idempotent by epoch id.</summary>
/// <typeparam name="T">The row type.</typeparam>
public abstract class QuerySink<T>
{
    private readonly Dictionary<long, IReadOnlyList<T>> _staged = [];
    private readonly Lock _gate = new();

    /// <summary>How the sink appears in progress reports (Spark's <c>sink.description</c>).</summary>
    public abstract string Description { get; }

    /// <summary>The last epoch this sink committed (-1: none).</summary>
    public long LastCommittedEpoch { get; private set; } = -1;

    /// <summary>Null when the sink accepts <paramref name="mode"/> with <paramref name="trigger"/>; otherwise why not and what to do.</summary>
    public virtual string? Check(OutputMode mode, Trigger trigger) => null;

    /// <summary>
    /// Continuous trigger: rows of epoch <paramref name="epochId"/> as the query produces them, in order, before the
    /// epoch's <see cref="PreCommitAsync"/> (which still receives all of its rows). The default does nothing: the rows
    /// become visible when the epoch commits, as in micro-batch mode. Override it to make rows visible at once, as
    /// Spark's continuous sinks do; they are then at-least-once: after a failure, the rows of an epoch that did not
    /// commit are produced and written again.
    /// </summary>
    public virtual ValueTask WriteContinuousAsync(long epochId, IReadOnlyList<T> rows, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    /// <summary>
    /// Continuous trigger: whether <see cref="PreCommitAsync"/> receives the epoch's rows (true, the default). A sink
    /// that writes every row in <see cref="WriteContinuousAsync"/> and needs nothing more at the epoch's end returns
    /// false: its pre-commit then gets an empty list, and the query does not hold an epoch's rows (a checkpoint interval
    /// of output) in memory, which keeps the garbage collector's pauses, and so the latency tail, short.
    /// </summary>
    public virtual bool NeedsEpochRowsInContinuousMode => true;

    /// <summary>
    /// Whether the sink stages an epoch's rows in chunks while the query produces them (<see cref="StageAsync"/>),
    /// instead of receiving them all at once in <see cref="PreCommitAsync"/>, which then gets only the rows produced
    /// after the last chunk. False by default. A sink that can stage as it goes (count, aggregate, write a staging file)
    /// returns true: the query then does not hold an epoch's output in memory, and the sink's work overlaps the
    /// epoch's processing, as Spark's data writers take rows one at a time.
    /// </summary>
    public virtual bool StagesRowsInChunks => false;

    /// <summary>
    /// Stages a chunk of epoch <paramref name="epochId"/>'s rows, in order, before the epoch's
    /// <see cref="PreCommitAsync"/>; called only when <see cref="StagesRowsInChunks"/> is true. Staged rows become
    /// visible only when the epoch commits; <see cref="AbortAfterAsync"/> drops those of epochs that did not.
    /// </summary>
    public virtual ValueTask StageAsync(long epochId, IReadOnlyList<T> rows, CancellationToken cancellationToken) =>
        throw new NotSupportedException($"Sink '{Description}' says it stages rows in chunks (StagesRowsInChunks) but does not override StageAsync.");

    /// <summary>Stages epoch <paramref name="epochId"/>'s rows (replacing anything staged for it before).</summary>
    public virtual ValueTask PreCommitAsync(long epochId, IReadOnlyList<T> rows, OutputMode mode, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _staged[epochId] = rows;
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>Makes epoch <paramref name="epochId"/> visible; does nothing when it was committed already.</summary>
    public virtual async ValueTask CommitAsync(long epochId, OutputMode mode, CancellationToken cancellationToken)
    {
        IReadOnlyList<T>? rows;
        lock (_gate)
        {
            if (epochId <= LastCommittedEpoch || !_staged.Remove(epochId, out rows))
            {
                return;
            }
        }

        await WriteEpochAsync(epochId, rows, mode, cancellationToken).ConfigureAwait(false);
        lock (_gate)
        {
            LastCommittedEpoch = epochId;
        }
    }

    /// <summary>
    /// Recovery, when a query starts on a checkpoint whose last committed epoch is <paramref name="committedEpoch"/>
    /// (-1: none): drops staged epochs after it, and forgets commits after it (a sink object reused by a new query
    /// starts counting again).
    /// </summary>
    public virtual ValueTask AbortAfterAsync(long committedEpoch, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            LastCommittedEpoch = Math.Min(LastCommittedEpoch, committedEpoch);
            foreach (var epoch in _staged.Keys.Where(e => e > committedEpoch).ToList())
            {
                _staged.Remove(epoch);
            }
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>Writes a committed epoch's rows; called once per epoch, in epoch order.</summary>
    protected abstract ValueTask WriteEpochAsync(long epochId, IReadOnlyList<T> rows, OutputMode mode, CancellationToken cancellationToken);
}
