using Sluice.Graphs.State;

namespace Sluice.Graphs.Tests.State;

public sealed class StateStoreTests
{
    [Fact]
    public void Changes_of_an_epoch_replay_onto_a_restored_snapshot()
    {
        var store = new StateStore<(string Word, long Window), long>("counts");
        store.Put(("a", 0), 1);
        store.Put(("b", 0), 2);
        var snapshot = store.Snapshot();
        store.TakeChanges();

        store.GetOrAddRef(("a", 0), out _) += 10;
        store.Remove(("b", 0));
        store.Put(("c", 5), 3);
        Assert.Equal(2, store.UpdatedKeys);
        Assert.Equal(1, store.RemovedKeys);
        var changes = store.TakeChanges();
        Assert.Equal(0, store.UpdatedKeys);

        var restored = new StateStore<(string Word, long Window), long>("counts");
        restored.Restore(snapshot);
        restored.ApplyChanges(changes);
        Assert.Equal(
            new[] { (("a", 0L), 11L), (("c", 5L), 3L) },
            restored.Entries.Select(e => (e.Key, e.Value)).OrderBy(e => e.Key.Item1).ToArray());
    }

    [Fact]
    public void A_key_removed_and_put_again_in_one_epoch_is_an_upsert()
    {
        var store = new StateStore<string, int>("s");
        store.Put("k", 1);
        store.TakeChanges();
        store.Remove("k");
        store.Put("k", 2);
        var target = new StateStore<string, int>("s");
        target.Put("k", 1);
        target.ApplyChanges(store.TakeChanges());
        Assert.True(target.TryGet("k", out var value));
        Assert.Equal(2, value);
    }
}
