using System.Collections.Concurrent;
using System.Text;

namespace Sluice.Persistence.Serialization;

/// <summary>
/// Stable names of types, used as manifests: the full name without assembly or version
/// (<c>Shop.Orders.OrderPlaced</c>; generic arguments in brackets: <c>Shop.Envelope`1[Shop.Orders.OrderPlaced]</c>),
/// so that a new build of the program still reads what an older one wrote. A type that was renamed or moved is
/// mapped from its old name with <see cref="Map"/>.
/// </summary>
public sealed class TypeManifests
{
    private readonly ConcurrentDictionary<string, Type> _mapped = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Type> _resolved = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Type, string> _names = new();

    /// <summary>Reads rows stored under <paramref name="manifest"/> as <paramref name="type"/> (for renamed or moved types).</summary>
    /// <param name="manifest">The name rows were written with, e.g. <c>Shop.OrderPlaced</c>.</param>
    /// <param name="type">The type to read them as now.</param>
    public void Map(string manifest, Type type)
    {
        ArgumentException.ThrowIfNullOrEmpty(manifest);
        ArgumentNullException.ThrowIfNull(type);
        _mapped[manifest] = type;
    }

    /// <summary>The manifest written for values of a type.</summary>
    /// <param name="type">The type.</param>
    /// <returns>Its stable name.</returns>
    public string ManifestOf(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        return _names.GetOrAdd(type, static t => StableName(t));
    }

    /// <summary>The type rows with a manifest are read as: a mapped type first, else a loaded type of that name.</summary>
    /// <param name="manifest">The stored manifest.</param>
    /// <returns>The type.</returns>
    /// <exception cref="PersistenceException">No type is mapped to or loaded under that name.</exception>
    public Type TypeOf(string manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        return Lookup(manifest)
            ?? throw new PersistenceException(
                $"no loaded type is named '{manifest}'; if the type was renamed or moved, map the old name with " +
                $"SerializerRegistry.MapManifest(\"{manifest}\", typeof(NewName))");
    }

    private static string StableName(Type type)
    {
        if (type.IsArray)
        {
            var rank = type.GetArrayRank();
            return StableName(type.GetElementType()!) + "[" + new string(',', rank - 1) + "]";
        }

        if (!type.IsGenericType)
        {
            return type.FullName ?? type.Name;
        }

        var definition = type.GetGenericTypeDefinition();
        var builder = new StringBuilder(definition.FullName).Append('[');
        var arguments = type.GetGenericArguments();
        for (var i = 0; i < arguments.Length; i++)
        {
            builder.Append(i == 0 ? "" : ",").Append(StableName(arguments[i]));
        }

        return builder.Append(']').ToString();
    }

    private Type? Resolve(string name)
    {
        // Array: Element[] or Element[,]; the element may itself be generic.
        var last = name.LastIndexOf('[');
        if (last > 0 && name.EndsWith(']') && name.AsSpan(last + 1, name.Length - last - 2).TrimStart(',').IsEmpty)
        {
            var rank = name.Length - last - 1;
            var element = Lookup(name[..last]);
            return element is null ? null : rank == 1 ? element.MakeArrayType() : element.MakeArrayType(rank);
        }

        var open = name.IndexOf('[', StringComparison.Ordinal);
        if (open < 0)
        {
            return FindLoaded(name);
        }

        // Generic: Definition`N[Arg1,Arg2[Inner],...]; split the arguments at top-level commas.
        if (!name.EndsWith(']'))
        {
            return null;
        }

        var definition = FindLoaded(name[..open]);
        var arguments = new List<Type>();
        var depth = 0;
        var start = open + 1;
        for (var i = start; i < name.Length - 1; i++)
        {
            switch (name[i])
            {
                case '[': depth++; break;
                case ']': depth--; break;
                case ',' when depth == 0:
                    arguments.Add(Lookup(name[start..i]) ?? typeof(void));
                    start = i + 1;
                    break;
            }
        }

        arguments.Add(Lookup(name[start..^1]) ?? typeof(void));
        if (definition is null || arguments.Contains(typeof(void)) || definition.GetGenericArguments().Length != arguments.Count)
        {
            return null;
        }

        return definition.MakeGenericType([.. arguments]);
    }

    // Misses are not cached: the assembly holding the type may be loaded later.
    private Type? Lookup(string manifest)
    {
        if (_mapped.TryGetValue(manifest, out var type) || _resolved.TryGetValue(manifest, out type))
        {
            return type;
        }

        type = Resolve(manifest);
        if (type is not null)
        {
            _resolved[manifest] = type;
        }

        return type;
    }

    private static Type? FindLoaded(string fullName)
    {
        var type = Type.GetType(fullName, throwOnError: false);
        if (type is not null)
        {
            return type;
        }

        foreach (var assembly in AppDomain.CurrentDomain.GetAssemblies())
        {
            type = assembly.GetType(fullName, throwOnError: false);
            if (type is not null)
            {
                return type;
            }
        }

        return null;
    }
}
