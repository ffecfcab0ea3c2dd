using System.Globalization;
using Sluice.Actors.Configuration;

namespace Sluice.Actors.Sharding;

/// <summary>The settings of <c>sluice.sharding</c>, read once and validated.</summary>
/// <example><code>var settings = ShardingSettings.From(system.Config) with { NumberOfShards = 16 };</code></example>
public sealed record ShardingSettings
{
    /// <summary>How many shards an entity type is split into (<c>number-of-shards</c>).</summary>
    public required int NumberOfShards { get; init; }

    /// <summary>Idle time after which an entity is passivated (<c>passivate-idle-after</c>); null: never.</summary>
    public required TimeSpan? PassivateIdleAfter { get; init; }

    /// <summary>Most messages buffered per shard while entities passivate or restart (<c>buffer-size</c>).</summary>
    public required int BufferSize { get; init; }

    /// <summary>First delay before a failed entity starts again (<c>entity-restart-backoff.min</c>).</summary>
    public required TimeSpan RestartMinBackoff { get; init; }

    /// <summary>Longest delay before a failed entity starts again (<c>entity-restart-backoff.max</c>).</summary>
    public required TimeSpan RestartMaxBackoff { get; init; }

    /// <summary>Random extra fraction of the restart delay (<c>entity-restart-backoff.random-factor</c>).</summary>
    public required double RestartRandomFactor { get; init; }

    /// <summary>How long a graceful stop waits for entities (<c>handoff-timeout</c>).</summary>
    public required TimeSpan HandOffTimeout { get; init; }

    /// <summary>Reads <c>sluice.sharding</c>; errors name the key, the value and the fix.</summary>
    /// <param name="config">The actor system's configuration (with the reference configuration as fallback).</param>
    /// <returns>The validated settings.</returns>
    /// <exception cref="ConfigurationException">A value is out of range.</exception>
    public static ShardingSettings From(Config config)
    {
        ArgumentNullException.ThrowIfNull(config);
        const string Root = "sluice.sharding.";
        var shards = config.GetInt(Root + "number-of-shards");
        if (shards < 1)
        {
            throw new ConfigurationException(
                $"{Root}number-of-shards = {shards} must be at least 1. Set it to the number of shards the entities are spread over, e.g. 64.");
        }

        var buffer = config.GetInt(Root + "buffer-size");
        if (buffer < 0)
        {
            throw new ConfigurationException($"{Root}buffer-size = {buffer} must not be negative. Use 0 to buffer nothing, or e.g. 100000.");
        }

        var min = PositiveDuration(config, Root + "entity-restart-backoff.min");
        var max = PositiveDuration(config, Root + "entity-restart-backoff.max");
        if (max < min)
        {
            throw new ConfigurationException(
                $"{Root}entity-restart-backoff.max = {Show(max)} is shorter than min = {Show(min)}. Make max at least min.");
        }

        var random = config.GetDouble(Root + "entity-restart-backoff.random-factor");
        if (random is < 0 or > 1 || double.IsNaN(random))
        {
            throw new ConfigurationException(
                $"{Root}entity-restart-backoff.random-factor = {random.ToString(CultureInfo.InvariantCulture)} must be between 0 and 1, e.g. 0.2.");
        }

        return new ShardingSettings
        {
            NumberOfShards = shards,
            PassivateIdleAfter = OptionalDuration(config, Root + "passivate-idle-after"),
            BufferSize = buffer,
            RestartMinBackoff = min,
            RestartMaxBackoff = max,
            RestartRandomFactor = random,
            HandOffTimeout = PositiveDuration(config, Root + "handoff-timeout"),
        };
    }

    private static TimeSpan? OptionalDuration(Config config, string path)
    {
        var text = config.GetString(path).Trim();
        if (text is "off" or "none" or "infinite" or "false") return null;
        return PositiveDuration(config, path);
    }

    private static TimeSpan PositiveDuration(Config config, string path)
    {
        var value = config.GetDuration(path);
        return value > TimeSpan.Zero
            ? value
            : throw new ConfigurationException($"{path} = {Show(value)} must be a positive duration such as 250ms or 2m.");
    }

    private static string Show(TimeSpan value) => value.TotalMilliseconds.ToString(CultureInfo.InvariantCulture) + "ms";
}
