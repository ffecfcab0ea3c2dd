namespace Sluice.Actors.Configuration;

/// <summary>
/// A calendar period read by <see cref="Config.GetPeriod"/>: years, months and days, kept apart because their length
/// depends on the date they are added to (HOCON.md, "Period Format").
/// </summary>
/// <param name="Years">Whole years.</param>
/// <param name="Months">Whole months.</param>
/// <param name="Days">Whole days (weeks are counted as 7 days).</param>
public readonly record struct ConfigPeriod(int Years, int Months, int Days)
{
    /// <summary>Adds the period to a date: years, then months, then days.</summary>
    /// <param name="date">The start date.</param>
    /// <returns>The date the period later.</returns>
    public DateTime AddTo(DateTime date) => date.AddYears(Years).AddMonths(Months).AddDays(Days);
}
