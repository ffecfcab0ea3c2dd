using Sluice.Graphs.Queries.Sources;
using Sluice.Graphs.Stage;

namespace Sluice.Graphs.Queries.Execution;

/// <summary>The coordinator's untyped handle on one source of a running query and on its stage in the graph.</summary>
internal abstract class SourceDriver(int index)
{
    /// <summary>The source's index in the query (its slot in offsets and progress).</summary>
    public int Index { get; } = index;

    public abstract string Description { get; }

    public abstract void Open(QuerySourceContext context);

    public abstract void Close(QuerySourceContext context);

    /// <summary>Hands a logged source its log in the checkpoint (nothing for other sources).</summary>
    public abstract ValueTask RestoreAsync(Checkpoints.ICheckpointStore checkpoint, CancellationToken cancellationToken);

    public abstract ValueTask<long> LatestOffsetAsync(long start, bool applyLimits, CancellationToken cancellationToken);

    /// <summary>Reads [start, end) and hands the rows to the stage (after any epoch start posted before).</summary>
    public abstract ValueTask EmitAsync(long start, long end, CancellationToken cancellationToken);

    public abstract ValueTask CommitAsync(long end, CancellationToken cancellationToken);

    public abstract void StartEpoch(EpochFacts epoch);

    public abstract void Barrier(EpochFacts epoch);

    /// <summary>Continuous mode: after the rows just emitted, a flush marker (they entered the query at <paramref name="ingressTicks"/>).</summary>
    public abstract void Flush(EpochFacts epoch, long ingressTicks);

    public abstract void Stop();
}

/// <summary>The driver of a source of <typeparamref name="T"/>.</summary>
internal sealed class SourceDriver<T>(int index, QuerySource<T> source) : SourceDriver(index)
{
    private AsyncCallback<SourceCommand<T>>? _stage;
    private QuerySourceContext? _context;

    public override string Description => source.Description;

    public void Attach(AsyncCallback<SourceCommand<T>> stage) => _stage = stage;

    public override void Open(QuerySourceContext context)
    {
        _context = context;
        source.Open(context);
    }

    public override void Close(QuerySourceContext context) => source.Close(context);

    public override ValueTask RestoreAsync(Checkpoints.ICheckpointStore checkpoint, CancellationToken cancellationToken) =>
        source is ILoggedSource logged ? logged.RestoreAsync(new SourceLog(checkpoint, Index), cancellationToken) : ValueTask.CompletedTask;

    public override ValueTask<long> LatestOffsetAsync(long start, bool applyLimits, CancellationToken cancellationToken) =>
        source.LatestOffsetAsync(start, applyLimits, cancellationToken);

    public override async ValueTask EmitAsync(long start, long end, CancellationToken cancellationToken)
    {
        if (end <= start)
        {
            return;
        }

        var rows = await source.ReadAsync(start, end, cancellationToken).ConfigureAwait(false);
        Post(new SourceCommand<T>(SourceCommandKind.Rows, null, rows));
    }

    public override ValueTask CommitAsync(long end, CancellationToken cancellationToken) =>
        _context is null ? source.CommitAsync(end, cancellationToken) : source.CommitAsync(_context, end, cancellationToken);

    public override void StartEpoch(EpochFacts epoch) => Post(new SourceCommand<T>(SourceCommandKind.EpochStart, epoch, null));

    public override void Barrier(EpochFacts epoch) => Post(new SourceCommand<T>(SourceCommandKind.Barrier, epoch, null));

    public override void Flush(EpochFacts epoch, long ingressTicks) => Post(new SourceCommand<T>(SourceCommandKind.Flush, epoch, null, ingressTicks));

    public override void Stop() => Post(new SourceCommand<T>(SourceCommandKind.Stop, null, null));

    private void Post(SourceCommand<T> command) =>
        (_stage ?? throw new InvalidOperationException("The source stage was not materialized.")).Invoke(command);

    public QuerySourceStage<T> CreateStage() => new(this);
}
