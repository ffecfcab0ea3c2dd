namespace Sluice.Graphs.Fusing;

/// <summary>
/// Keeps objects that different threads write on every element off each other's cache lines. An object written per
/// element (a connection, a boundary stage, an interpreter) allocates <see cref="Create"/> first thing, in a field
/// initializer, and keeps the reference: the pad lands right after it on the heap and stays there (the GC's compaction
/// keeps live objects in order), so the next object, perhaps of another island running on another core, starts at
/// least two cache lines further. Measured: without it, a two-island pipeline on two cores ran at half speed in about
/// one run in three, depending on where the islands' connections happened to be allocated.
/// </summary>
internal static class CacheLinePad
{
    /// <summary>A 128-byte heap object (array header included): two cache lines, the adjacent-line prefetcher's pair.</summary>
    public static object Create() => new byte[104];
}
