namespace Sluice.Persistence;

/// <summary>What a journal's ordering column holds from a position on: its highest value and the first hole.</summary>
/// <param name="Highest">The highest ordering stored; 0 when the journal is empty.</param>
/// <param name="FirstMissing">The lowest ordering at or after the scanned position that no stored event has: below
/// <see cref="Highest"/> it is a gap (a transaction still open, one that rolled back, or deleted events); otherwise
/// <c>Highest + 1</c> (or the scanned position, when that is past <see cref="Highest"/>).</param>
public readonly record struct OrderingScan(long Highest, long FirstMissing)
{
    /// <summary>True when an ordering below <see cref="Highest"/> is missing (<see cref="FirstMissing"/> is a gap).</summary>
    public bool HasGap => FirstMissing < Highest;
}
