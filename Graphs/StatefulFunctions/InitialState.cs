using Sluice.Actors.Sharding;
using Sluice.Graphs.Queries.Execution;

namespace Sluice.Graphs.StatefulFunctions;

/// <summary>The initial state of a stateful function: validated once when the query is built, split per shard when it starts.</summary>
internal static class InitialState
{
    /// <summary>Copies <paramref name="pairs"/>, refusing a key given twice (as Spark does).</summary>
    public static KeyValuePair<TKey, TState>[] Validate<TKey, TState>(IEnumerable<KeyValuePair<TKey, TState>>? pairs, string operatorName)
        where TKey : notnull
    {
        if (pairs is null)
        {
            return [];
        }

        var copy = pairs.ToArray();
        var seen = new HashSet<TKey>();
        foreach (var (key, state) in copy)
        {
            if (!seen.Add(key))
            {
                throw new ArgumentException(
                    $"{operatorName}: the initial state has several states for key '{key}'. De-duplicate the initial state before passing it.",
                    nameof(pairs));
            }

            if (state is null)
            {
                throw new ArgumentException($"{operatorName}: the initial state of key '{key}' is null; leave the key out instead.", nameof(pairs));
            }
        }

        return copy;
    }

    /// <summary>The pairs whose key lives in <paramref name="shardId"/>.</summary>
    public static KeyValuePair<TKey, TState>[] ForShard<TKey, TState>(KeyValuePair<TKey, TState>[] pairs, int shardId, int numberOfShards)
        where TKey : notnull
    {
        if (numberOfShards == 1 || pairs.Length == 0)
        {
            return pairs;
        }

        var mine = new List<KeyValuePair<TKey, TState>>();
        foreach (var pair in pairs)
        {
            if (StableHash.ShardOf(KeyHasher<TKey>.Hash(pair.Key), numberOfShards) == shardId)
            {
                mine.Add(pair);
            }
        }

        return [.. mine];
    }
}
