using System.Text;

namespace Sluice.Graphs.Queries.Checkpoints;

/*
 * What a checkpoint must keep agreeing with across restarts (Spark's "recovery semantics after changes"): the sources
 * (their number and kinds: offsets are positional), the stateful operators in plan order with their key types (state
 * is stored per operator id and routed by key hash) and the number of shards (a key's shard is its hash modulo the
 * shard count). Filters, projections, sink options, triggers and rate limits are not recorded: they may change.
 */

/// <summary>The fingerprint of a query's plan, recorded with its checkpoint and compared on every restart.</summary>
/// <param name="Sources">Per source, in plan order, its kind (the source type and row type).</param>
/// <param name="StatefulOperators">Per stateful operator, in plan order, its name and key type.</param>
/// <param name="NumberOfShards">How many shards keyed state is spread over.</param>
internal sealed record CheckpointMetadata(IReadOnlyList<string> Sources, IReadOnlyList<string> StatefulOperators, int NumberOfShards)
{
    /// <summary>The differences that make a checkpoint unusable for this plan, empty when it may resume.</summary>
    /// <param name="recorded">The metadata the checkpoint was written with.</param>
    public IReadOnlyList<string> IncompatibilitiesWith(CheckpointMetadata recorded)
    {
        var differences = new List<string>();
        if (!recorded.Sources.SequenceEqual(Sources, StringComparer.Ordinal))
        {
            differences.Add($"the sources changed from [{string.Join(", ", recorded.Sources)}] to [{string.Join(", ", Sources)}]");
        }

        if (!recorded.StatefulOperators.SequenceEqual(StatefulOperators, StringComparer.Ordinal))
        {
            differences.Add(
                $"the stateful operators (name: key type, in plan order) changed from [{string.Join(", ", recorded.StatefulOperators)}] to [{string.Join(", ", StatefulOperators)}]");
        }

        if (recorded.NumberOfShards != NumberOfShards)
        {
            differences.Add($"the number of shards changed from {recorded.NumberOfShards} to {NumberOfShards}");
        }

        return differences;
    }

    /// <summary>A readable, stable name of a type: <c>ValueTuple&lt;String, Int64&gt;</c>.</summary>
    public static string TypeName(Type type)
    {
        if (!type.IsGenericType)
        {
            return type.Name;
        }

        var name = new StringBuilder(type.Name[..type.Name.IndexOf('`', StringComparison.Ordinal)]).Append('<');
        var arguments = type.GetGenericArguments();
        for (var i = 0; i < arguments.Length; i++)
        {
            name.Append(i == 0 ? string.Empty : ", ").Append(TypeName(arguments[i]));
        }

        return name.Append('>').ToString();
    }
}
