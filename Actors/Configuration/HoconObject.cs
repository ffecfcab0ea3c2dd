namespace Sluice.Actors.Configuration;

/// <summary>An object: fields in the order they were first defined.</summary>
internal sealed class HoconObject : HoconValue
{
    private readonly OrderedDictionary<string, HoconValue> _fields;

    public HoconObject(ConfigOrigin origin, int column = 0, bool isResolved = false)
        : base(origin, column)
    {
        _fields = new OrderedDictionary<string, HoconValue>(StringComparer.Ordinal);
        IsResolved = isResolved;
    }

    private HoconObject(HoconObject source, bool isResolved)
        : base(source.Origin, source.Column)
    {
        _fields = new OrderedDictionary<string, HoconValue>(source._fields, StringComparer.Ordinal);
        IsResolved = isResolved;
    }

    /// <summary>Set by whoever builds the object: true only for objects the resolver (or a merge of resolved
    /// objects) produced.</summary>
    public override bool IsResolved { get; }

    public override string KindName => "an object";

    public int Count => _fields.Count;

    public IEnumerable<string> Keys => _fields.Keys;

    public IEnumerable<KeyValuePair<string, HoconValue>> Fields => _fields;

    public bool TryGetValue(string key, out HoconValue value) => _fields.TryGetValue(key, out value!);

    public HoconValue this[string key]
    {
        get => _fields[key];
        set => _fields[key] = value;
    }

    /// <summary>A copy with the same fields (the field values are shared).</summary>
    public HoconObject Copy(bool isResolved) => new(this, isResolved);
}
