using Sluice.Actors.Configuration;
using Xunit;

namespace Sluice.Actors.Tests.Configuration;

/// <summary>The embedded reference.conf, Load, and environment overrides.</summary>
public sealed class ReferenceConfigTests
{
    [Fact]
    public void Reference_is_the_embedded_reference_conf_resolved()
    {
        var reference = Config.Reference;

        Assert.Equal("info", reference.GetString("sluice.loglevel"));
        Assert.Equal(Timeout.InfiniteTimeSpan, reference.GetDuration("sluice.actor.ask-timeout"));
        Assert.Equal(TimeSpan.FromSeconds(10), reference.GetDuration("sluice.actor.dead-letters-log-interval"));
        Assert.Equal(30, reference.GetInt("sluice.actor.dispatchers.default.throughput"));
        Assert.Equal(-1, reference.GetInt("sluice.actor.stash-capacity"));
        Assert.Equal("reference.conf", reference.GetOrigin("sluice.loglevel")!.Description);
        Assert.Same(reference, Config.Reference);
    }

    [Fact]
    public void Load_puts_the_application_over_the_reference_and_resolves()
    {
        var config = Config.Load(Config.Parse("sluice.loglevel = debug\nsluice.actor.dispatchers.default.throughput = ${sluice.actor.dispatchers.pinned.throughput}"));

        Assert.Equal("debug", config.GetString("sluice.loglevel"));
        Assert.Equal(100, config.GetInt("sluice.actor.dispatchers.default.throughput"));
        Assert.Equal("thread-pool", config.GetString("sluice.actor.dispatchers.default.type"));
        Assert.Equal("info", Config.Load().GetString("sluice.loglevel"));
    }

    [Fact]
    public void Reference_settings_have_no_unknown_keys_and_pass_their_own_validation()
    {
        Assert.Empty(ConfigValidation.UnknownKeys(Config.Reference, Config.Reference));
        ConfigValidation.CheckValid(Config.Load(), Config.Reference);
    }

    [Fact]
    public void Environment_variables_map_double_underscores_to_dots_and_underscores_to_hyphens()
    {
        var config = Config.FromEnvironment("SLUICE_",
        [
            new("SLUICE_ACTOR__THROUGHPUT", "5"),
            new("SLUICE_ACTOR__ASK_TIMEOUT", "3s"),
            new("sluice_loglevel", "debug"),
            new("SLUICE_BAD____NAME", "ignored"),
            new("OTHER_THING", "ignored"),
        ]);

        Assert.Equal(5, config.GetInt("sluice.actor.throughput"));
        Assert.Equal(TimeSpan.FromSeconds(3), config.GetDuration("sluice.actor.ask-timeout"));
        Assert.Equal("debug", config.GetString("sluice.loglevel"));
        Assert.Equal(["sluice"], config.Keys);
        Assert.Equal(["actor", "loglevel"], config.GetConfig("sluice").Keys.Order(StringComparer.Ordinal));
        Assert.Equal(new ConfigOrigin("environment variable SLUICE_ACTOR__THROUGHPUT", 0), config.GetOrigin("sluice.actor.throughput"));

        var loaded = Config.Load(config.WithFallback(Config.Parse("sluice.loglevel = warning")));
        Assert.Equal("debug", loaded.GetString("sluice.loglevel"));
        Assert.Equal(TimeSpan.FromSeconds(3), loaded.GetDuration("sluice.actor.ask-timeout"));
    }
}
