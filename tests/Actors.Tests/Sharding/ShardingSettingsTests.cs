using Sluice.Actors.Configuration;
using Sluice.Actors.Sharding;
using Xunit;

namespace Sluice.Actors.Tests.Sharding;

public sealed class ShardingSettingsTests
{
    [Fact]
    public void Reference_settings_are_64_shards_and_two_minutes_of_idleness()
    {
        var settings = ShardingSettings.From(Config.Load());
        Assert.Equal(64, settings.NumberOfShards);
        Assert.Equal(TimeSpan.FromMinutes(2), settings.PassivateIdleAfter);
        Assert.Equal(100_000, settings.BufferSize);
        Assert.Equal((TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(10), 0.2), (settings.RestartMinBackoff, settings.RestartMaxBackoff, settings.RestartRandomFactor));
        Assert.Equal(TimeSpan.FromSeconds(60), settings.HandOffTimeout);
    }

    [Fact]
    public void Passivation_can_be_turned_off()
    {
        var settings = ShardingSettings.From(Config.Load(Config.Parse("sluice.sharding.passivate-idle-after = off")));
        Assert.Null(settings.PassivateIdleAfter);
    }

    [Theory]
    [InlineData("sluice.sharding.number-of-shards = 0", "sluice.sharding.number-of-shards = 0 must be at least 1")]
    [InlineData("sluice.sharding.buffer-size = -1", "sluice.sharding.buffer-size = -1 must not be negative")]
    [InlineData("sluice.sharding.passivate-idle-after = 0s", "sluice.sharding.passivate-idle-after = 0ms must be a positive duration")]
    [InlineData("sluice.sharding.entity-restart-backoff { min = 5s, max = 1s }", "entity-restart-backoff.max = 1000ms is shorter than min = 5000ms")]
    [InlineData("sluice.sharding.entity-restart-backoff.random-factor = 2", "random-factor = 2 must be between 0 and 1")]
    public void Invalid_values_are_refused_naming_the_key_the_value_and_the_fix(string hocon, string expected)
    {
        var error = Assert.Throws<ConfigurationException>(() => ShardingSettings.From(Config.Load(Config.Parse(hocon))));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}
