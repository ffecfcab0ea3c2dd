using System.Globalization;
using Sluice.Actors.Configuration;

namespace Sluice.Graphs.State.Sharded;

/// <summary>The settings of <c>sluice.state.sharded</c>, read once and validated.</summary>
internal sealed record ShardedStateSettings
{
    /// <summary>Batches a router may have in flight to one shard (<c>max-outstanding-batches</c>).</summary>
    public required int MaxOutstandingBatches { get; init; }

    /// <summary>A snapshot every this many epochs (<c>snapshot-every-epochs</c>).</summary>
    public required int SnapshotEveryEpochs { get; init; }

    /// <summary>... or once the changelog written since the last snapshot is this large (<c>snapshot-after-bytes</c>).</summary>
    public required long SnapshotAfterBytes { get; init; }

    /// <summary>Longest a shard may take to answer (<c>call-timeout</c>).</summary>
    public required TimeSpan CallTimeout { get; init; }

    /// <summary>Reads <c>sluice.state.sharded</c>; errors name the key, the value and the fix.</summary>
    public static ShardedStateSettings From(Config config)
    {
        ArgumentNullException.ThrowIfNull(config);
        const string Root = "sluice.state.sharded.";
        var timeout = config.GetDuration(Root + "call-timeout");
        if (timeout <= TimeSpan.Zero && timeout != Timeout.InfiniteTimeSpan)
        {
            throw new ConfigurationException(
                $"{Root}call-timeout = {timeout.TotalMilliseconds.ToString(CultureInfo.InvariantCulture)}ms must be positive (or infinite), e.g. 60s.");
        }

        var bytes = config.GetBytes(Root + "snapshot-after-bytes");
        if (bytes < 1)
        {
            throw new ConfigurationException($"{Root}snapshot-after-bytes = {bytes} must be at least 1 byte, e.g. 64MiB.");
        }

        return new ShardedStateSettings
        {
            MaxOutstandingBatches = AtLeastOne(config, Root + "max-outstanding-batches", "16"),
            SnapshotEveryEpochs = AtLeastOne(config, Root + "snapshot-every-epochs", "10"),
            SnapshotAfterBytes = bytes,
            CallTimeout = timeout,
        };
    }

    private static int AtLeastOne(Config config, string path, string example)
    {
        var value = config.GetInt(path);
        return value >= 1 ? value : throw new ConfigurationException($"{path} = {value} must be at least 1, e.g. {example}.");
    }
}
