namespace Sluice.Persistence.Journal;

/// <summary>
/// Marks the asynchronous flow of a journal batch, which already left the journal actor's thread for the thread pool:
/// a store whose async methods block (SQLite) hops off its caller's thread only when the caller is not such a flow, so
/// a write pays for one hop, not two.
/// </summary>
internal static class StoreThread
{
    private static readonly AsyncLocal<bool> Batch = new();

    /// <summary>True inside a journal batch's flow, on the thread pool and off every actor's thread.</summary>
    public static bool InBatch => Batch.Value;

    /// <summary>Marks the current flow (and what it awaits) as a journal batch's; undone when the marking method returns.</summary>
    public static void MarkBatch() => Batch.Value = true;
}
