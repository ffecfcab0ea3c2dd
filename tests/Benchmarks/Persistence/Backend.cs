using Sluice.Persistence.Journal;

namespace Sluice.Benchmarks.Persistence;

/// <summary>One database the persistence benchmark runs on: the journal under test and the raw driver baselines
/// beside it (the raw writes go to the journal's tables or a copy of them in the same database, with their own
/// persistence ids; the raw reads read the journal's own rows).</summary>
public abstract class Backend : IAsyncDisposable
{
    public abstract string Name { get; }

    /// <summary>The journal under test (one for the whole run).</summary>
    public abstract IJournalStore Journal { get; }

    /// <summary>What <see cref="RawWriteAsync"/> does, for the table.</summary>
    public abstract string RawWriteName { get; }

    /// <summary>Another raw write loop shown for reference (not the ratio's base), or null.</summary>
    public virtual string? ExtraWriteName => null;

    /// <summary>Writes batches of <paramref name="batch"/> rows, one transaction each, for <paramref name="duration"/>.</summary>
    public abstract Task<Rate> RawWriteAsync(RawRows rows, int batch, TimeSpan duration);

    /// <summary>The reference write loop named by <see cref="ExtraWriteName"/>.</summary>
    public virtual Task<Rate> ExtraWriteAsync(RawRows rows, int batch, TimeSpan duration) => throw new NotSupportedException();

    /// <summary>Reads every column of one persistence id's journal rows in sequence-number order and deserializes each
    /// payload to its event (<see cref="RawRows.ReadEvent"/>); returns the row count.</summary>
    public abstract Task<long> RawReplayAsync(string persistenceId);

    public abstract ValueTask DisposeAsync();
}
