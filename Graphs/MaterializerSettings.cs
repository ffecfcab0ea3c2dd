using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Sluice.Graphs;

/// <summary>Settings of a <see cref="Materializer"/>, validated when the materializer is created.</summary>
public sealed record MaterializerSettings
{
    /// <summary>The defaults.</summary>
    public static MaterializerSettings Default { get; } = new();

    /// <summary>The clock of timers and timestamps in stages (default <see cref="TimeProvider.System"/>; virtual in tests).</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Where stages log (default: nowhere).</summary>
    public ILoggerFactory LoggerFactory { get; init; } = NullLoggerFactory.Instance;

    /// <summary>
    /// The first demand an async boundary signals upstream (a power of two, at most <see cref="MaxInputBufferSize"/>;
    /// default 16). Afterwards the boundary keeps up to <see cref="MaxInputBufferSize"/> elements in flight.
    /// </summary>
    public int InitialInputBufferSize { get; init; } = 16;

    /// <summary>
    /// The capacity of an async boundary's buffer (a power of two; default 1024). Elements cross in batches of half of
    /// it, and each batch costs at most one wake-up of the island on the other side (a thread-pool or actor dispatch,
    /// about a microsecond): 512 elements per wake-up keep that cost near a nanosecond per element, where 64 made it
    /// the largest part of crossing a boundary. Lower it for large elements, to bound the memory in flight.
    /// </summary>
    public int MaxInputBufferSize { get; init; } = 1024;

    /// <summary>How many events an island processes before it yields its thread to other islands (default 1000).</summary>
    public int SyncProcessingLimit { get; init; } = 1000;

    internal void Validate()
    {
        ArgumentNullException.ThrowIfNull(TimeProvider, nameof(TimeProvider));
        ArgumentNullException.ThrowIfNull(LoggerFactory, nameof(LoggerFactory));
        ValidateBuffer(InitialInputBufferSize, MaxInputBufferSize);
        if (SyncProcessingLimit < 1)
        {
            throw new ArgumentOutOfRangeException(
                nameof(SyncProcessingLimit), SyncProcessingLimit, "SyncProcessingLimit must be at least 1 (1000 is a good value).");
        }
    }

    internal static void ValidateBuffer(int initial, int max)
    {
        if (max < 1 || !int.IsPow2(max))
        {
            throw new ArgumentOutOfRangeException(
                nameof(max), max, "The max input buffer size must be a positive power of two, e.g. 64.");
        }

        if (initial < 1 || !int.IsPow2(initial) || initial > max)
        {
            throw new ArgumentOutOfRangeException(
                nameof(initial), initial,
                $"The initial input buffer size must be a positive power of two no larger than the max ({max}), e.g. 16.");
        }
    }
}
