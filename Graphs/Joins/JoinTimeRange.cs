namespace Sluice.Graphs.Joins;

/// <summary>
/// The event-time condition of a stream–stream join, bounds included: a right row joins a left row when
/// <c>left.time - Before &lt;= right.time &lt;= left.time + After</c> (Spark's
/// <c>rightTime BETWEEN leftTime - INTERVAL before AND leftTime + INTERVAL after</c>). With watermarks on both inputs
/// it lets the join forget rows that no future row can match, and is what outer and semi joins need.
/// </summary>
/// <param name="Before">How far the right row's time may be before the left row's (negative: must be after by at least that much).</param>
/// <param name="After">How far the right row's time may be after the left row's (negative: must be before by at least that much).</param>
/// <example><code>new JoinTimeRange(Before: TimeSpan.Zero, After: TimeSpan.FromHours(1)) // a click within an hour after the impression</code></example>
public sealed record JoinTimeRange(TimeSpan Before, TimeSpan After)
{
    internal long BeforeMs => (long)Before.TotalMilliseconds;

    internal long AfterMs => (long)After.TotalMilliseconds;

    internal void Validate()
    {
        if (BeforeMs + AfterMs < 0)
        {
            throw new ArgumentException(
                $"The join time range [left.time - {Before}, left.time + {After}] is empty: make Before + After zero or more.", "timeRange");
        }
    }
}
