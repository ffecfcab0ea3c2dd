namespace Sluice.Graphs.Deduplication;

/// <summary>How long a deduplication operator remembers a key.</summary>
internal enum DeduplicationKind
{
    /// <summary>The key has no event time: remembered forever.</summary>
    Forever,

    /// <summary>The key includes the row's event time: forgotten once that time is at or below the watermark.</summary>
    EventTimeInKey,

    /// <summary>Forgotten once its first event time plus the watermark delay is at or below the watermark.</summary>
    WithinWatermark,
}
