namespace Sluice.Actors.Configuration;

/// <summary>
/// Merges two definitions of one value, as duplicate keys, includes and <see cref="Config.WithFallback"/> do
/// (HOCON.md, "Duplicate keys and object merging"): two objects merge field by field; a non-object newer value hides
/// the older one; when either side still waits for a substitution the two become one <see cref="HoconMerge"/> whose
/// outcome the resolver decides.
/// </summary>
internal static class HoconMerger
{
    /// <summary>Merges <paramref name="newer"/> over <paramref name="older"/>.</summary>
    /// <param name="older">The earlier (fallback) definition.</param>
    /// <param name="newer">The later (winning) definition.</param>
    /// <param name="mutate">True while parsing, when both trees belong to the parser and the older object may be
    /// changed in place (this keeps a file of many <c>a.b.x = 1</c> lines linear); false for trees that configs
    /// share.</param>
    public static HoconValue Merge(HoconValue older, HoconValue newer, bool mutate)
    {
        if (newer is HoconObject newObject)
        {
            if (older is HoconObject oldObject)
            {
                var target = mutate ? oldObject : oldObject.Copy(oldObject.IsResolved && newObject.IsResolved);
                foreach (var (key, value) in newObject.Fields)
                {
                    target[key] = target.TryGetValue(key, out var previous) ? Merge(previous, value, mutate) : value;
                }

                return target;
            }

            return older.IsResolved ? newer : Stack(older, newer);
        }

        return newer is HoconScalar or HoconArray ? newer : Stack(older, newer);
    }

    private static HoconMerge Stack(HoconValue older, HoconValue newer)
    {
        var layers = new List<HoconValue>();
        AddLayers(layers, older);
        AddLayers(layers, newer);
        return new HoconMerge(layers, isConcatenation: false, newer.Origin, newer.Column);
    }

    private static void AddLayers(List<HoconValue> layers, HoconValue value)
    {
        if (value is HoconMerge { IsConcatenation: false } merge)
        {
            layers.AddRange(merge.Layers);
        }
        else
        {
            layers.Add(value);
        }
    }
}
