namespace Sluice.Benchmarks.Persistence;

/// <summary>The persisted event: about 100 bytes of JSON.</summary>
public sealed record BenchEvent(int Account, long Amount, string Note)
{
    /// <summary>The event every writer persists.</summary>
    public static readonly BenchEvent Sample = new(42, 1_000_000, "deposit by transfer, reference 0123456789-ABCDEFGH");
}
