using Sluice.Actors.Configuration;

namespace Sluice.TestKit;

/// <summary>Timeouts of the test kits, from <c>sluice.test</c>, scaled by the time factor for slow machines.</summary>
/// <param name="TimeFactor">Every timeout is multiplied by this (<c>sluice.test.timefactor</c>).</param>
/// <param name="SingleExpectDefaultRaw">Default expectation timeout before dilation.</param>
/// <param name="ExpectNoMessageDefaultRaw">Default ExpectNoMsg duration before dilation.</param>
public sealed record TestKitSettings(double TimeFactor, TimeSpan SingleExpectDefaultRaw, TimeSpan ExpectNoMessageDefaultRaw)
{
    /// <summary>Reads <c>sluice.test</c>.</summary>
    public static TestKitSettings From(Config config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var factor = config.GetDouble("sluice.test.timefactor");
        if (factor <= 0) throw new ConfigurationException($"sluice.test.timefactor: {factor} must be positive.");
        return new TestKitSettings(factor, config.GetDuration("sluice.test.single-expect-default"), config.GetDuration("sluice.test.expect-no-message-default"));
    }

    /// <summary>The default expectation timeout, dilated.</summary>
    public TimeSpan SingleExpectDefault => Dilated(SingleExpectDefaultRaw);

    /// <summary>The default ExpectNoMsg duration, dilated.</summary>
    public TimeSpan ExpectNoMessageDefault => Dilated(ExpectNoMessageDefaultRaw);

    /// <summary>Scales <paramref name="duration"/> by the time factor.</summary>
    public TimeSpan Dilated(TimeSpan duration) =>
        duration == Timeout.InfiniteTimeSpan ? duration : TimeSpan.FromTicks((long)(duration.Ticks * TimeFactor));
}
