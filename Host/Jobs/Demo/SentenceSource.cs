using Sluice.Actors.Sharding;
using Sluice.Graphs.Queries.Sources;

namespace Sluice.Host.Jobs.Demo;

/*
 * The demo's built-in input: timestamped sentences, so that the demo needs no server and no second terminal.
 * Like the rate source, the offset is the number of rows due on the query's clock since the source's origin time, and
 * row i is a pure function of (origin, i): a re-run batch reads exactly the same rows. Event times follow the row's
 * due time, shuffled by up to 3 s (out of order), and every 40th row is 25 s old on arrival (late: the demo's
 * watermark of 10 s drops it once its windows closed).
 */

/// <summary>Generates timestamped sentences at a fixed rate, with out-of-order and late rows.</summary>
public sealed class SentenceSource : QuerySource<Sentence>
{
    private static readonly string[] Subjects = ["the river", "a sluice", "the stream", "an actor", "the shard", "a window", "the watermark"];
    private static readonly string[] Verbs = ["carries", "holds", "counts", "closes", "opens", "drops", "joins"];
    private static readonly string[] Objects = ["the data", "a late row", "every word", "the epoch", "a checkpoint", "the state", "the batch"];

    private readonly int _rowsPerSecond;
    private readonly DateTimeOffset? _origin;
    private TimeProvider _clock = TimeProvider.System;
    private long _originMs = -1;

    /// <summary>Creates the source.</summary>
    /// <param name="rowsPerSecond">How many sentences a second.</param>
    /// <param name="origin">Row 0's due time; null: the time the query first opens the source.</param>
    public SentenceSource(int rowsPerSecond, DateTimeOffset? origin = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rowsPerSecond);
        _rowsPerSecond = rowsPerSecond;
        _origin = origin;
    }

    /// <inheritdoc />
    public override string Description => $"SentenceGenerator[rowsPerSecond={_rowsPerSecond}]";

    /// <summary>Row 0's due time, in ms since the Unix epoch (known once opened).</summary>
    public long OriginMs => _originMs;

    /// <inheritdoc />
    public override void Open(QuerySourceContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        _clock = context.Clock;
        if (_originMs < 0)
        {
            _originMs = (_origin ?? _clock.GetUtcNow()).ToUnixTimeMilliseconds();
        }
    }

    /// <inheritdoc />
    public override ValueTask<long> LatestOffsetAsync(long start, bool applyLimits, CancellationToken cancellationToken)
    {
        var elapsed = Math.Max(0, _clock.GetUtcNow().ToUnixTimeMilliseconds() - _originMs);
        return ValueTask.FromResult(Math.Max(start, elapsed * _rowsPerSecond / 1000));
    }

    /// <inheritdoc />
    public override ValueTask<IEnumerable<Sentence>> ReadAsync(long start, long end, CancellationToken cancellationToken) =>
        ValueTask.FromResult(Rows(start, end));

    /// <summary>Row <paramref name="index"/>: the same for the same origin, always.</summary>
    public Sentence Row(long index)
    {
        var hash = StableHash.Compute(index);
        var dueMs = _originMs + (index * 1000 / _rowsPerSecond);
        var skewMs = index % 40 == 39 ? -25_000 : -(long)(hash % 3000);
        var text = $"{Subjects[hash % 7]} {Verbs[(hash >> 8) % 7]} {Objects[(hash >> 16) % 7]}";
        return new Sentence(DateTimeOffset.FromUnixTimeMilliseconds(dueMs + skewMs), text);
    }

    private IEnumerable<Sentence> Rows(long start, long end)
    {
        for (var i = start; i < end; i++)
        {
            yield return Row(i);
        }
    }
}
