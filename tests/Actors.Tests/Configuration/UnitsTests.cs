using Sluice.Actors.Configuration;
using Xunit;

namespace Sluice.Actors.Tests.Configuration;

/// <summary>HOCON.md "Duration format", "Period Format" and "Size in bytes format".</summary>
public sealed class UnitsTests
{
    [Theory]
    [InlineData("10s", 10_000)]
    [InlineData("10 seconds", 10_000)]
    [InlineData("1 second", 1_000)]
    [InlineData("1.5m", 90_000)]
    [InlineData("2 minutes", 120_000)]
    [InlineData("250ms", 250)]
    [InlineData("3 millis", 3)]
    [InlineData("1 milli", 1)]
    [InlineData("1 millisecond", 1)]
    [InlineData("2h", 7_200_000)]
    [InlineData("1 hour", 3_600_000)]
    [InlineData("2d", 172_800_000)]
    [InlineData("1 day", 86_400_000)]
    [InlineData("1.5", 1.5)]
    [InlineData("42", 42)]
    [InlineData("\"42\"", 42)]
    [InlineData("0.5s", 500)]
    [InlineData("-1s", -1_000)]
    [InlineData("2000us", 2)]
    [InlineData("5000 micros", 5)]
    [InlineData("3000000ns", 3)]
    [InlineData("1000000 nanoseconds", 1)]
    public void Durations_take_every_spelling_and_default_to_milliseconds(string value, double milliseconds) =>
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), Config.Parse($"d = {value}").GetDuration("d"));

    [Fact]
    public void Infinite_is_the_infinite_timespan() =>
        Assert.Equal(Timeout.InfiniteTimeSpan, Config.Parse("d = infinite").GetDuration("d"));

    [Fact]
    public void Nanoseconds_keep_the_precision_of_a_timespan() =>
        Assert.Equal(TimeSpan.FromTicks(15), Config.Parse("d = 1500ns").GetDuration("d"));

    [Theory]
    [InlineData("10x", "d: unknown duration unit 'x'; use ns, us, ms, s, m, h or d (or their long names such as seconds), found \"10x\" (string:1)")]
    [InlineData("10S", "d: unknown duration unit 'S'; use ns, us, ms, s, m, h or d (or their long names such as seconds), found \"10S\" (string:1)")]
    [InlineData("soon", "d: expected a duration such as 10s, 250ms or infinite, found \"soon\" (string:1)")]
    [InlineData("[1]", "d: expected a duration such as 10s, 250ms or infinite, found a list (string:1)")]
    [InlineData("999999999999 days", "d: the duration is out of range, found \"999999999999 days\" (string:1)")]
    public void A_bad_duration_names_the_path_the_value_and_the_units(string value, string message) =>
        Assert.Equal(message, Assert.Throws<ConfigurationException>(() => Config.Parse($"d = {value}").GetDuration("d")).Message);

    [Theory]
    [InlineData("512k", 524_288)]
    [InlineData("512K", 524_288)]
    [InlineData("1Ki", 1_024)]
    [InlineData("10MiB", 10_485_760)]
    [InlineData("10 mebibytes", 10_485_760)]
    [InlineData("1m", 1_048_576)]
    [InlineData("1G", 1_073_741_824)]
    [InlineData("1GB", 1_000_000_000)]
    [InlineData("1 gigabyte", 1_000_000_000)]
    [InlineData("1kB", 1_000)]
    [InlineData("2 kilobytes", 2_000)]
    [InlineData("100 bytes", 100)]
    [InlineData("1 byte", 1)]
    [InlineData("7B", 7)]
    [InlineData("7b", 7)]
    [InlineData("1TB", 1_000_000_000_000)]
    [InlineData("1TiB", 1_099_511_627_776)]
    [InlineData("1PB", 1_000_000_000_000_000)]
    [InlineData("1EB", 1_000_000_000_000_000_000)]
    [InlineData("0.5M", 524_288)]
    [InlineData("1.5k", 1_536)]
    [InlineData("4096", 4_096)]
    public void Sizes_use_powers_of_ten_and_of_two_as_the_spec_says(string value, long bytes) =>
        Assert.Equal(bytes, Config.Parse($"s = {value}").GetBytes("s"));

    [Theory]
    [InlineData("10 KB", "s: unknown size unit 'KB'; use B, kB, MB, GB ... (powers of 10) or K, KiB, M, MiB, G, GiB ... (powers of 2), found \"10 KB\" (string:1)")]
    [InlineData("8EiB", "s: the size does not fit in a 64-bit byte count, found \"8EiB\" (string:1)")]
    [InlineData("lots", "s: expected a size in bytes such as 512k, 10MiB or 100 bytes, found \"lots\" (string:1)")]
    public void A_bad_size_names_the_path_the_value_and_the_units(string value, string message) =>
        Assert.Equal(message, Assert.Throws<ConfigurationException>(() => Config.Parse($"s = {value}").GetBytes("s")).Message);

    [Theory]
    [InlineData("3", 0, 0, 3)]
    [InlineData("3d", 0, 0, 3)]
    [InlineData("2 weeks", 0, 0, 14)]
    [InlineData("6mo", 0, 6, 0)]
    [InlineData("1 month", 0, 1, 0)]
    [InlineData("1y", 1, 0, 0)]
    [InlineData("2 years", 2, 0, 0)]
    public void Periods_count_years_months_and_days(string value, int years, int months, int days) =>
        Assert.Equal(new ConfigPeriod(years, months, days), Config.Parse($"p = {value}").GetPeriod("p"));

    [Fact]
    public void A_period_adds_to_a_date() =>
        Assert.Equal(new DateTime(2025, 3, 31), new ConfigPeriod(1, 1, 3).AddTo(new DateTime(2024, 2, 28)));

    [Fact]
    public void A_bad_period_names_the_units() =>
        Assert.Equal("p: unknown period unit 'h'; use d, w, mo or y (or day, week, month, year), found \"1h\" (string:1)",
            Assert.Throws<ConfigurationException>(() => Config.Parse("p = 1h").GetPeriod("p")).Message);
}
