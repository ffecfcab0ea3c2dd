using System.Diagnostics;
using System.Globalization;
using Sluice.Graphs.State;
using Sluice.Graphs.State.Sharded;
using Sluice.Persistence.Serialization;

namespace Sluice.Benchmarks.Checkpointing;

/// <summary>
/// Where the CPU time of a restore goes, in this process, for one shard's share of the keys: the store's snapshot
/// bytes, the journal's serialization of the snapshot record, and back. Printed before the recovery measurement.
/// </summary>
internal static class StateSerializationProfile
{
    public static void Run(int keys, int shards)
    {
        var perShard = keys / shards;
        var store = new StateStore<string, long>("aggregates");
        for (var i = 0; i < perShard; i++) store.GetOrAddRef("k" + i.ToString("D7", CultureInfo.InvariantCulture), out _) = i;
        store.TakeChanges();
        var journal = new SerializerRegistry().Default;
        for (var round = 0; round < 3; round++)
        {
            var timer = Stopwatch.StartNew();
            var bytes = store.Snapshot();
            var snapshotMs = timer.Elapsed.TotalMilliseconds;
            timer.Restart();
            var stored = journal.ToBinary(new ShardSnapshot(1, [bytes]), out var manifest);
            var toJournalMs = timer.Elapsed.TotalMilliseconds;
            timer.Restart();
            var read = (ShardSnapshot)journal.FromBinary(stored, manifest);
            var fromJournalMs = timer.Elapsed.TotalMilliseconds;
            var restored = new StateStore<string, long>("aggregates");
            timer.Restart();
            restored.Restore(read.Stores[0]);
            var restoreMs = timer.Elapsed.TotalMilliseconds;
            if (restored.Count != perShard) throw new InvalidOperationException($"Restored {restored.Count} keys of {perShard}.");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"profile, one shard of {perShard:N0} keys: store snapshot {snapshotMs:F0} ms ({bytes.Length / 1e6:F1} MB), journal serialize {toJournalMs:F0} ms ({stored.Length / 1e6:F1} MB), " +
                $"journal deserialize {fromJournalMs:F0} ms, store restore {restoreMs:F0} ms"));
        }
    }
}
