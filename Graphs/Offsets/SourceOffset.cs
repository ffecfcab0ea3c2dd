namespace Sluice.Graphs.Offsets;

/*
 * Source positions, for checkpointing.
 *
 * Every source stage can say where it stands: GraphStageLogic.CurrentOffset is the offset of the NEXT element the
 * source will emit (so "3" after emitting elements 0, 1 and 2), or null when the source cannot tell. It is read on
 * the source's own thread: the checkpoint barrier injector (DESIGN 4.4) asks the source logic when it emits barrier
 * N, so the offset and the barrier are consistent with the data. A source that can seek takes a start offset in its
 * factory (Source.Rate(..., startOffset)) and begins there, which is how recovery resumes at the offsets of the last
 * committed epoch. To read a position from another thread (progress reports, tests), a source materializes a
 * SourceOffsetHandle, which asks the logic on its own thread.
 *
 * Offsets are immutable records; each kind of source defines its own (LongOffset for counters and sequence
 * numbers; files, sockets and journals add theirs) and must round-trip through its ToString for the journal.
 */

/// <summary>The position of a source: where the next element comes from. Immutable; each source kind has its own.</summary>
public abstract record SourceOffset;

/// <summary>A position that is a count or sequence number (rate source: number of rows emitted so far).</summary>
/// <param name="Value">The count.</param>
public sealed record LongOffset(long Value) : SourceOffset
{
    /// <inheritdoc />
    public override string ToString() => Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
