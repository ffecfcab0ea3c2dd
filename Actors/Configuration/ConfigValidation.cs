namespace Sluice.Actors.Configuration;

/// <summary>
/// Checks a user's configuration against the reference: settings the reference does not know (usually typos) and
/// settings of the wrong type.
/// </summary>
public static class ConfigValidation
{
    /// <summary>
    /// A warning for every leaf under <paramref name="prefix"/> in <paramref name="user"/> that the reference does not
    /// define, naming the closest known setting by edit distance:
    /// <c>Unknown setting 'sluice.actor.troughput' (application.conf:4); did you mean 'sluice.actor.throughput'?</c>
    /// </summary>
    /// <remarks>
    /// A leaf is a value that is not an object (lists are leaves), or an empty object. A leaf is known when the
    /// reference has its path, with two rules for sections whose keys the user chooses:
    /// <list type="bullet">
    /// <item>free-form sections: below a key whose reference value is an empty object (<c>tags = {}</c>) any path is
    /// allowed;</item>
    /// <item>named sections: below an object that has a <c>default</c> object child (such as
    /// <c>sluice.actor.dispatchers</c>), a name the reference does not list is checked against <c>default</c>, so
    /// <c>dispatchers.blocking.throughput</c> is known and <c>dispatchers.blocking.troughput</c> is not.</item>
    /// </list>
    /// A user value whose type differs from the reference's is not reported here; see <see cref="CheckValid"/>.
    /// </remarks>
    /// <param name="user">The user's configuration (without the reference merged in).</param>
    /// <param name="reference">The reference, usually <see cref="Config.Reference"/>.</param>
    /// <param name="prefix">The path whose leaves are checked; empty for the whole configuration.</param>
    /// <returns>The warnings, in the order the settings appear.</returns>
    public static IReadOnlyList<string> UnknownKeys(Config user, Config reference, string prefix = "sluice")
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(prefix);
        string[] prefixPath = prefix.Length == 0 ? [] : HoconPath.Parse(prefix);
        if (Walk(user.ResolvedRoot, prefixPath) is not HoconObject userSection)
        {
            return [];
        }

        var known = Walk(reference.ResolvedRoot, prefixPath) is HoconObject referenceSection
            ? Config.Leaves(referenceSection).Select(leaf => HoconPath.Render([.. prefixPath, .. leaf.Path])).ToList()
            : [];
        var warnings = new List<string>();
        foreach (var (path, value) in Config.Leaves(userSection))
        {
            string[] fullPath = [.. prefixPath, .. path];
            if (fullPath.Length == 0 || IsKnown(reference.ResolvedRoot, fullPath))
            {
                continue;
            }

            var rendered = HoconPath.Render(fullPath);
            var closest = known.Count == 0 ? null : known.MinBy(candidate => EditDistance(rendered, candidate));
            warnings.Add(closest is null
                ? $"Unknown setting '{rendered}' ({value.Origin})"
                : $"Unknown setting '{rendered}' ({value.Origin}); did you mean '{closest}'?");
        }

        return warnings;
    }

    /// <summary>
    /// Checks that every setting of the reference is present in <paramref name="config"/> with a compatible type,
    /// the way the reference implementation's <c>checkValid</c> does: a string may stand for any non-collection value
    /// (it is converted on reading), null is compatible with anything, objects are checked key by key, and list
    /// elements are checked against the reference's first element.
    /// </summary>
    /// <param name="config">The resolved configuration to check.</param>
    /// <param name="reference">The reference that says what must be there.</param>
    /// <exception cref="ConfigurationException">One or more settings are missing or of the wrong type; the message
    /// lists each with its origin.</exception>
    public static void CheckValid(Config config, Config reference)
    {
        var problems = FindProblems(config, reference);
        if (problems.Count > 0)
        {
            var noun = problems.Count == 1 ? "problem" : "problems";
            throw new ConfigurationException(
                $"Configuration does not match the reference ({problems.Count} {noun}):{Environment.NewLine}  "
                + string.Join(Environment.NewLine + "  ", problems));
        }
    }

    internal static List<string> FindProblems(Config config, Config reference)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(reference);
        var problems = new List<string>();
        CheckObject(reference.ResolvedRoot, config.ResolvedRoot, [], problems);
        return problems;
    }

    private static void CheckObject(HoconObject reference, HoconObject value, string[] path, List<string> problems)
    {
        foreach (var (key, expected) in reference.Fields)
        {
            string[] childPath = [.. path, key];
            var rendered = HoconPath.Render(childPath);
            if (!value.TryGetValue(key, out var actual))
            {
                problems.Add($"{rendered}: missing; the reference sets it to {expected.KindName} ({expected.Origin})");
            }
            else if (expected is HoconObject expectedObject && actual is HoconObject actualObject)
            {
                CheckObject(expectedObject, actualObject, childPath, problems);
            }
            else if (!Compatible(expected, actual))
            {
                problems.Add($"{rendered}: expected {expected.KindName}, found {Config.Describe(actual)} ({actual.Origin})");
            }
            else if (expected is HoconArray { Items.Count: > 0 } expectedList && actual is HoconArray actualList)
            {
                var element = expectedList.Items[0];
                for (var i = 0; i < actualList.Items.Count; i++)
                {
                    if (!Compatible(element, actualList.Items[i]))
                    {
                        problems.Add($"{rendered}[{i}]: expected {element.KindName}, found {Config.Describe(actualList.Items[i])} ({actualList.Items[i].Origin})");
                        break;
                    }
                }
            }
        }
    }

    private static bool Compatible(HoconValue expected, HoconValue actual) => (expected, actual) switch
    {
        (HoconScalar { Kind: HoconScalarKind.Null }, _) or (_, HoconScalar { Kind: HoconScalarKind.Null }) => true,
        (HoconObject, _) => actual is HoconObject,
        (HoconArray, _) => actual is HoconArray or HoconObject,
        (HoconScalar { Kind: HoconScalarKind.String }, _) => true,
        (_, HoconScalar { Kind: HoconScalarKind.String }) => true,
        (HoconScalar e, HoconScalar a) => e.Kind == a.Kind,
        _ => false,
    };

    private static bool IsKnown(HoconObject reference, string[] path)
    {
        HoconValue node = reference;
        for (var i = 0; i < path.Length; i++)
        {
            if (node is not HoconObject obj)
            {
                return false;
            }

            if (obj.Count == 0 && i > 0)
            {
                return true;
            }

            if (obj.TryGetValue(path[i], out var child))
            {
                node = child;
            }
            else if (obj.TryGetValue("default", out var template) && template is HoconObject)
            {
                node = template;
            }
            else
            {
                return false;
            }
        }

        return true;
    }

    private static HoconValue? Walk(HoconObject root, string[] path)
    {
        HoconValue current = root;
        foreach (var element in path)
        {
            if (current is not HoconObject obj || !obj.TryGetValue(element, out current!))
            {
                return null;
            }
        }

        return current;
    }

    /// <summary>Levenshtein distance: insertions, deletions and substitutions each cost 1.</summary>
    internal static int EditDistance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
