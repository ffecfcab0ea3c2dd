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

    [Fact]
    public void A_snapshot_lists_the_count_then_keys_and_states_in_one_array()
    {
        var store = new StateStore<string, long>("counts");
        store.Put("a", 1);
        store.Put("b\"", 2);
        Assert.Equal("[2,\"a\",1,\"b\\u0022\",2]", System.Text.Encoding.UTF8.GetString(store.Snapshot()));
        Assert.Equal("[[\"a\",1,\"b\\u0022\",2],[]]", System.Text.Encoding.UTF8.GetString(store.TakeChanges()));
        var restored = new StateStore<string, long>("counts");
        restored.Restore(store.Snapshot());
        Assert.Equal([("a", 1L), ("b\"", 2L)], restored.Entries.Select(e => (e.Key, e.Value)).Order().ToArray());
    }

    [Fact]
    public void Snapshots_and_changes_of_the_first_format_are_still_read()
    {
        var store = new StateStore<(string Word, long Window), long>("counts");
        store.Restore("""[{"Key":{"Item1":"a","Item2":0},"Value":1},{"Key":{"Item1":"b","Item2":5},"Value":2}]"""u8);
        store.ApplyChanges("""{"Upserts":[{"Key":{"Item1":"c","Item2":5},"Value":3}],"Removals":[{"Item1":"a","Item2":0}]}"""u8);
        Assert.Equal([(("b", 5L), 2L), (("c", 5L), 3L)], store.Entries.Select(e => (e.Key, e.Value)).Order().ToArray());
    }

    [Fact]
    public void Records_and_tuples_round_trip_through_a_snapshot_and_a_changelog()
    {
        var store = new StateStore<(string Word, long Window), Sample>("samples");
        store.Put(("a", 0), new Sample("x", [1.5, 2]));
        store.Put(("b", 10), new Sample(null, []));
        var restored = new StateStore<(string Word, long Window), Sample>("samples");
        restored.Restore(store.Snapshot());
        store.Remove(("a", 0));
        store.Put(("c", 20), new Sample("z", [3]));
        restored.ApplyChanges(store.TakeChanges());
        Assert.Equal(
            ["(b, 10): -", "(c, 20): z3"],
            restored.Entries.Select(e => $"{e.Key}: {e.Value.Name ?? "-"}{string.Join(",", e.Value.Values)}").Order(StringComparer.Ordinal).ToArray());
    }

    public sealed record Sample(string? Name, double[] Values);

    [Fact]
    public void The_changed_keys_of_an_epoch_are_the_stored_key_objects_not_the_callers_copies()
    {
        var store = new StateStore<string, long>("counts");
        var first = new string('a', 3);
        store.GetOrAddRef(first, out _)++;
        store.TakeChanges();
        var copy = new string('a', 3);
        store.GetOrAddRef(copy, out var existed)++;
        Assert.True(existed);
        Assert.Same(first, Assert.Single(store.ChangedKeys)); // the copy may die young: the epoch's list must not hold it
        Assert.Equal(2, store.TryGet("aaa", out var count) ? count : -1);
    }
}
