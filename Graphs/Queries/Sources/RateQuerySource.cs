using Sluice.Graphs.Sources;

namespace Sluice.Graphs.Queries.Sources;

/// <summary>
/// Spark's rate source as a query source: the offset is the number of rows due by now on the query's clock
/// (ramping up linearly over the ramp-up time), row i has value i and the timestamp of the second it was due in.
/// Replayable: the rows of a range are computed, not stored, from the origin time (the clock when the query first
/// started), which is kept in the source's log in the checkpoint so that a restarted query computes the same rows.
/// </summary>
internal sealed class RateQuerySource : QuerySource<RateRow>, ILoggedSource
{
    private readonly long _rowsPerSecond;
    private readonly long _rampUpSeconds;
    private readonly long? _maxRowsPerTrigger;
    private TimeProvider? _clock;
    private long _startMs = -1;

    public RateQuerySource(long rowsPerSecond, TimeSpan rampUp, long? maxRowsPerTrigger)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rowsPerSecond);
        ArgumentOutOfRangeException.ThrowIfLessThan(rampUp, TimeSpan.Zero);
        _rowsPerSecond = rowsPerSecond;
        _rampUpSeconds = (long)rampUp.TotalSeconds;
        _maxRowsPerTrigger = maxRowsPerTrigger;
    }

    public override string Description => $"RateStreamV2[rowsPerSecond={_rowsPerSecond}, rampUpTimeSeconds={_rampUpSeconds}, numPartitions=default";

    public override void Open(QuerySourceContext context)
    {
        _clock = context.Clock;
        if (_startMs < 0)
        {
            _startMs = context.Clock.GetUtcNow().ToUnixTimeMilliseconds();
        }
    }

    public async ValueTask RestoreAsync(SourceLog log, CancellationToken cancellationToken)
    {
        var entries = await log.ReadAsync(cancellationToken).ConfigureAwait(false);
        if (entries.Count == 0)
        {
            await log.AppendAsync([_startMs.ToString(System.Globalization.CultureInfo.InvariantCulture)], cancellationToken).ConfigureAwait(false);
        }
        else if (long.TryParse(entries[0], System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var origin))
        {
            _startMs = origin;
        }
        else
        {
            throw new Checkpoints.CheckpointException($"The rate source's origin time in the checkpoint is unreadable ('{entries[0]}'): the checkpoint is damaged; start the query on a new checkpoint location.");
        }
    }

    public override ValueTask<long> LatestOffsetAsync(long start, bool applyLimits, CancellationToken cancellationToken)
    {
        var elapsedSeconds = ((_clock ?? TimeProvider.System).GetUtcNow().ToUnixTimeMilliseconds() - _startMs) / 1000;
        var due = RowsDueBy(elapsedSeconds);
        if (applyLimits && _maxRowsPerTrigger is { } max)
        {
            due = Math.Min(due, start + max);
        }

        return ValueTask.FromResult(due);
    }

    public override ValueTask<IEnumerable<RateRow>> ReadAsync(long start, long end, CancellationToken cancellationToken) =>
        ValueTask.FromResult(Rows(start, end));

    private IEnumerable<RateRow> Rows(long start, long end)
    {
        var second = 0L;
        for (var value = start; value < end; value++)
        {
            while (RowsDueBy(second + 1) <= value)
            {
                second++;
            }

            yield return new RateRow(DateTimeOffset.FromUnixTimeMilliseconds(_startMs + (second * 1000)), value);
        }
    }

    /// <summary>Rows due after <paramref name="seconds"/> whole seconds (Spark's ramp-up: the speed grows linearly to full).</summary>
    private long RowsDueBy(long seconds)
    {
        if (seconds <= 0)
        {
            return 0;
        }

        if (seconds > _rampUpSeconds)
        {
            return RowsDueBy(_rampUpSeconds) + (_rowsPerSecond * (seconds - _rampUpSeconds));
        }

        // During ramp-up, second s (1-based) runs at rowsPerSecond * s / (rampUp + 1): the sum of that speed up to s.
        return _rowsPerSecond * seconds * (seconds + 1) / (2 * (_rampUpSeconds + 1));
    }
}
