using System.Collections.Concurrent;

namespace Sluice.Persistence.Serialization;

/// <summary>
/// Chooses the serializer of each value by its type, finds serializers by the id stored in a row, and maps old
/// manifests to renamed types. Starts with <see cref="JsonSerializer"/> (id 1) as the default for every type.
/// Configure it before the stores use it.
/// </summary>
/// <example><code>
/// var registry = new SerializerRegistry();
/// registry.Bind&lt;Snapshot&gt;(new MyProtobufSerializer());          // values of Snapshot (and subtypes)
/// registry.MapManifest("Shop.OrderPlaced", typeof(OrderPlacedV2)); // renamed event type still replays
/// </code></example>
public sealed class SerializerRegistry
{
    private readonly ConcurrentDictionary<int, Serializer> _byId = new();
    private readonly ConcurrentDictionary<Type, Serializer> _bound = new();
    private readonly ConcurrentDictionary<Type, Serializer> _chosen = new();

    /// <summary>Creates a registry holding the default JSON serializer.</summary>
    public SerializerRegistry()
    {
        Default = new JsonSerializer(Manifests);
        Add(Default);
    }

    /// <summary>Type names used as manifests by the JSON serializer, with their mappings.</summary>
    public TypeManifests Manifests { get; } = new();

    /// <summary>The serializer of types nothing is bound to.</summary>
    public Serializer Default { get; }

    /// <summary>Makes a serializer available for reading rows it wrote (found by its id).</summary>
    /// <param name="serializer">The serializer.</param>
    /// <exception cref="ArgumentException">Another serializer already has that id.</exception>
    public void Add(Serializer serializer)
    {
        ArgumentNullException.ThrowIfNull(serializer);
        var existing = _byId.GetOrAdd(serializer.Id, serializer);
        if (!ReferenceEquals(existing, serializer))
        {
            throw new ArgumentException(
                $"Serializer id {serializer.Id} is taken by {existing.Name}; give {serializer.Name} another id.", nameof(serializer));
        }
    }

    /// <summary>Serializes values of a type (and of types derived from it or implementing it) with a serializer.</summary>
    /// <param name="type">The type, class or interface.</param>
    /// <param name="serializer">The serializer; added if it was not.</param>
    public void Bind(Type type, Serializer serializer)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(serializer);
        if (!_byId.TryGetValue(serializer.Id, out var known) || !ReferenceEquals(known, serializer))
        {
            Add(serializer);
        }

        _bound[type] = serializer;
        _chosen.Clear();
    }

    /// <summary>Serializes values of <typeparamref name="T"/> with a serializer.</summary>
    /// <typeparam name="T">The type, class or interface.</typeparam>
    /// <param name="serializer">The serializer.</param>
    public void Bind<T>(Serializer serializer) => Bind(typeof(T), serializer);

    /// <summary>Reads rows stored with an old manifest (a renamed or moved type) as <paramref name="type"/>.</summary>
    /// <param name="manifest">The old type name, e.g. <c>Shop.OrderPlaced</c>.</param>
    /// <param name="type">The type it is now.</param>
    public void MapManifest(string manifest, Type type) => Manifests.Map(manifest, type);

    /// <summary>The serializer values of a type are written with: the type's own binding, else its nearest base
    /// type's, else an interface's, else the one bound to <see cref="object"/>, else <see cref="Default"/>.</summary>
    /// <param name="type">The runtime type of the value.</param>
    /// <returns>The serializer.</returns>
    public Serializer FindFor(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        return _chosen.GetOrAdd(type, Choose);
    }

    /// <summary>The serializer with an id, if one was added.</summary>
    /// <param name="id">The id stored in a row.</param>
    /// <returns>The serializer, or null.</returns>
    public Serializer? FindById(int id) => _byId.GetValueOrDefault(id);

    private Serializer Choose(Type type)
    {
        for (var t = type; t is not null && t != typeof(object); t = t.BaseType)
        {
            if (_bound.TryGetValue(t, out var serializer))
            {
                return serializer;
            }
        }

        foreach (var implemented in type.GetInterfaces())
        {
            if (_bound.TryGetValue(implemented, out var serializer))
            {
                return serializer;
            }
        }

        return _bound.GetValueOrDefault(typeof(object)) ?? Default;
    }
}
