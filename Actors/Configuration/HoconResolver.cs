using System.Text;

namespace Sluice.Actors.Configuration;

// Resolves substitutions (HOCON.md, "Substitutions" and "Self-Referential Substitutions").
//
// Every value lives at a location: a path below an anchor (the root, or an object or merge that has no path of its
// own). The definitions of a location form a stack, top (latest) first: the field values of every object layer of
// the parent location, with merges expanded into their layers. The value of a location is computed from its stack
// lazily and memoized: the first defined layer decides; if it is an object, the object layers below it (down to the
// first non-object) merge with it, and each field of the result is the value of the child location. Looking up
// ${a.b} therefore resolves only the stacks on the way to a.b, never the siblings of a.b, which is what lets an
// object refer to its own fields.
//
// A layer that is a substitution or a concatenation holding one is resolved with a "look-back" on its location:
// while it resolves, the location's stack hides that layer and every layer above it. A self-reference such as
// `path = ${path}":/x"` or `a = ${a} [2]` then sees the value below it, directly or through other substitutions;
// with nothing below, it is undefined. Revisiting a location whose value is still being computed, without a
// look-back to break the loop (`a = { b = ${a} }`), is a cycle. Results that depended on a look-back other than
// their own are not memoized, since the same location has another value outside that look-back.
internal sealed class HoconResolver
{
    /// <summary>The value of a location with no definition, and of a <c>${?x}</c> whose target is undefined.</summary>
    private static readonly HoconScalar Undefined = new(HoconScalarKind.Null, "undefined", new ConfigOrigin("undefined", 0));

    private readonly HoconObject _root;
    private readonly Func<string, string?> _environment;
    private readonly Dictionary<Key, HoconValue> _values = [];
    private readonly Dictionary<Key, List<Layer>> _stacks = [];
    private readonly Dictionary<(HoconValue Node, Key Key), HoconValue> _layerValues = [];
    private readonly Dictionary<Key, (int Hidden, int Level)> _lookback = [];
    private readonly HashSet<(Key Key, int Hidden)> _valuesInProgress = [];
    private readonly HashSet<(HoconValue Node, Key Key)> _layersInProgress = [];
    private readonly List<(Key Key, string[] Path)> _fieldChain = [];
    private readonly List<HoconSubstitution> _substitutionChain = [];
    private int _lookbackDepth;
    private int _lowestHiddenLevel = int.MaxValue;

    private HoconResolver(HoconObject root, Func<string, string?> environment)
    {
        _root = root;
        _environment = environment;
    }

    /// <summary>Resolves every substitution of a tree.</summary>
    /// <param name="root">The unresolved root.</param>
    /// <param name="environment">Looks up environment variables for substitutions the tree does not define.</param>
    public static HoconObject Resolve(HoconObject root, Func<string, string?> environment)
    {
        if (root.IsResolved)
        {
            return root;
        }

        try
        {
            var resolver = new HoconResolver(root, environment);
            return resolver.ValueAt(root, []) as HoconObject ?? new HoconObject(root.Origin, root.Column, isResolved: true);
        }
        catch (CycleException cycle)
        {
            throw cycle.Error;
        }
    }

    private HoconValue ValueAt(HoconValue anchor, string[] path)
    {
        var key = new Key(anchor, HoconPath.Join(path));
        var readable = _lookback.Count == 0 || !AnyHidden(anchor, path, path.Length);
        if (readable && _values.TryGetValue(key, out var known))
        {
            return known;
        }

        var saved = _lowestHiddenLevel;
        _lowestHiddenLevel = int.MaxValue;
        var depth = _lookbackDepth;
        var hidden = HiddenAt(key);
        if (!_valuesInProgress.Add((key, hidden)))
        {
            _lowestHiddenLevel = Math.Min(saved, _lowestHiddenLevel);
            throw Cycle(path);
        }

        HoconValue result;
        try
        {
            result = Combine(anchor, path, key, StackAt(anchor, path, key), hidden);
        }
        finally
        {
            _valuesInProgress.Remove((key, hidden));
        }

        if (_lowestHiddenLevel >= depth)
        {
            _values[key] = result;
        }

        _lowestHiddenLevel = Math.Min(saved, _lowestHiddenLevel);
        return result;
    }

    /// <summary>The definitions of a location, top first, including those its own look-back hides.</summary>
    private List<Layer> StackAt(HoconValue anchor, string[] path, Key key)
    {
        var readable = _lookback.Count == 0 || !AnyHidden(anchor, path, path.Length - 1);
        if (readable && _stacks.TryGetValue(key, out var known))
        {
            return known;
        }

        var result = new List<Layer>();
        if (path.Length == 0)
        {
            AddLayers(result, anchor, mustBeObject: false);
            return result;
        }

        var saved = _lowestHiddenLevel;
        _lowestHiddenLevel = int.MaxValue;
        var depth = _lookbackDepth;
        var parentPath = path[..^1];
        var parentKey = new Key(anchor, HoconPath.Join(parentPath));
        var parentStack = StackAt(anchor, parentPath, parentKey);
        var name = path[^1];
        for (var i = HiddenAt(parentKey); i < parentStack.Count; i++)
        {
            var layer = parentStack[i];
            var node = ResolveLayer(layer, parentKey, parentPath);
            if (ReferenceEquals(node, Undefined))
            {
                continue;
            }

            if (node is HoconObject obj)
            {
                if (obj.TryGetValue(name, out var child))
                {
                    AddLayers(result, child, mustBeObject: false);
                }

                continue;
            }

            if (layer.MustBeObject)
            {
                throw ConcatenationError(layer.Node, node);
            }

            break;
        }

        if (_lowestHiddenLevel >= depth)
        {
            _stacks[key] = result;
        }

        _lowestHiddenLevel = Math.Min(saved, _lowestHiddenLevel);
        return result;
    }

    private HoconValue Combine(HoconValue anchor, string[] path, Key key, List<Layer> stack, int hidden)
    {
        List<HoconObject>? objects = null;
        for (var i = hidden; i < stack.Count; i++)
        {
            var layer = stack[i];
            var node = ResolveLayer(layer, key, path);
            if (ReferenceEquals(node, Undefined))
            {
                continue;
            }

            if (node is HoconObject obj)
            {
                (objects ??= []).Add(obj);
                continue;
            }

            if (layer.MustBeObject)
            {
                throw ConcatenationError(layer.Node, node);
            }

            if (objects is null)
            {
                return ResolveStandalone(node);
            }

            break;
        }

        if (objects is null)
        {
            return Undefined;
        }

        if (objects.Count == 1 && objects[0].IsResolved)
        {
            return objects[0];
        }

        var keys = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = objects.Count - 1; i >= 0; i--)
        {
            foreach (var name in objects[i].Keys)
            {
                if (seen.Add(name))
                {
                    keys.Add(name);
                }
            }
        }

        var result = new HoconObject(objects[0].Origin, objects[0].Column, isResolved: true);
        foreach (var name in keys)
        {
            var child = ValueAt(anchor, [.. path, name]);
            if (!ReferenceEquals(child, Undefined))
            {
                result[name] = child;
            }
        }

        return result;
    }

    /// <summary>Resolves a substitution or concatenation layer of a location with the location's look-back set.
    /// Other layers are returned as they are: objects are walked, not resolved.</summary>
    private HoconValue ResolveLayer(Layer layer, Key key, string[] path)
    {
        var node = layer.Node;
        if (node is not (HoconSubstitution or HoconConcatenation))
        {
            return node;
        }

        if (_layerValues.TryGetValue((node, key), out var known))
        {
            return known;
        }

        if (!_layersInProgress.Add((node, key)))
        {
            throw Cycle(path);
        }

        var saved = _lowestHiddenLevel;
        _lowestHiddenLevel = int.MaxValue;
        var depth = _lookbackDepth;
        var hadPrevious = _lookback.TryGetValue(key, out var previous);
        _lookback[key] = (layer.Index + 1, depth);
        _lookbackDepth++;
        _fieldChain.Add((key, path));
        HoconValue value;
        try
        {
            value = ResolveStandalone(node);
        }
        finally
        {
            if (hadPrevious)
            {
                _lookback[key] = previous;
            }
            else
            {
                _lookback.Remove(key);
            }

            _lookbackDepth--;
            _fieldChain.RemoveAt(_fieldChain.Count - 1);
            _layersInProgress.Remove((node, key));
        }

        if (_lowestHiddenLevel >= depth)
        {
            _layerValues[(node, key)] = value;
        }

        _lowestHiddenLevel = Math.Min(saved, _lowestHiddenLevel);
        return value;
    }

    /// <summary>Resolves a value that is not looked at through a location of its own: array elements, the parts of a
    /// concatenation, the target of a substitution.</summary>
    private HoconValue ResolveStandalone(HoconValue node) => node switch
    {
        HoconScalar => node,
        HoconArray array => array.IsResolved ? array : ResolveArray(array),
        HoconObject obj => obj.IsResolved ? obj : ValueAt(obj, []),
        HoconMerge => ValueAt(node, []),
        HoconSubstitution substitution => ResolveSubstitution(substitution),
        HoconConcatenation concatenation => ResolveConcatenation(concatenation),
        _ => throw new InvalidOperationException($"Unknown configuration node {node.GetType().Name}"),
    };

    private HoconArray ResolveArray(HoconArray array)
    {
        var items = new List<HoconValue>(array.Items.Count);
        foreach (var item in array.Items)
        {
            var value = ResolveStandalone(item);
            if (!ReferenceEquals(value, Undefined))
            {
                items.Add(value);
            }
        }

        return new HoconArray(items, array.Origin, array.Column);
    }

    private HoconValue ResolveSubstitution(HoconSubstitution substitution)
    {
        var hidden = false;
        _substitutionChain.Add(substitution);
        try
        {
            foreach (var candidate in substitution.Candidates)
            {
                var anchor = candidate.Anchor ?? _root;
                HoconValue value;
                try
                {
                    value = ValueAt(anchor, candidate.Path);
                }
                catch (CycleException) when (substitution.Optional)
                {
                    return Undefined;
                }

                if (!ReferenceEquals(value, Undefined))
                {
                    return value;
                }

                hidden |= AnyHidden(anchor, candidate.Path, candidate.Path.Length);
            }
        }
        finally
        {
            _substitutionChain.RemoveAt(_substitutionChain.Count - 1);
        }

        var path = substitution.Path;
        if (path.Length == 1 && _environment(path[0]) is { } variable)
        {
            return HoconScalar.String(variable, new ConfigOrigin($"environment variable {path[0]}", 0));
        }

        if (substitution.Optional)
        {
            return Undefined;
        }

        if (hidden)
        {
            throw SelfReferenceError(substitution);
        }

        var places = string.Join(" or ", substitution.Candidates.Select(c => $"'{HoconPath.Render(c.Path)}'"));
        var environment = path.Length == 1 ? $" and no environment variable '{path[0]}'" : string.Empty;
        throw Error(substitution,
            $"could not resolve substitution {substitution}: no setting at {places}{environment} (write ${{?{HoconPath.Render(path)}}} if it may be missing)");
    }

    private HoconValue ResolveConcatenation(HoconConcatenation concatenation)
    {
        var parts = new List<HoconValue>(concatenation.Pieces.Count);
        HoconValue? firstObject = null, firstArray = null, firstScalar = null;
        var defined = 0;
        foreach (var piece in concatenation.Pieces)
        {
            if (piece is HoconScalar { Kind: HoconScalarKind.Whitespace })
            {
                parts.Add(piece);
                continue;
            }

            var value = ResolveStandalone(piece);
            if (ReferenceEquals(value, Undefined))
            {
                continue;
            }

            defined++;
            parts.Add(value);
            switch (value)
            {
                case HoconObject: firstObject ??= value; break;
                case HoconArray: firstArray ??= value; break;
                default: firstScalar ??= value; break;
            }
        }

        if (defined == 0)
        {
            return Undefined;
        }

        if (defined == 1)
        {
            return (firstObject ?? firstArray ?? firstScalar)!;
        }

        if ((firstObject ?? firstArray) is { } collection && (firstObject is not null ? firstArray ?? firstScalar : firstScalar) is { } other)
        {
            throw Error(concatenation,
                $"cannot concatenate {collection.KindName} with {Describe(other)}; lists concatenate only with lists, objects only with objects");
        }

        if (firstArray is not null)
        {
            var items = new List<HoconValue>();
            foreach (var part in parts)
            {
                if (part is HoconArray array)
                {
                    items.AddRange(array.Items);
                }
            }

            return new HoconArray(items, concatenation.Origin, concatenation.Column);
        }

        if (firstObject is not null)
        {
            HoconValue? merged = null;
            foreach (var part in parts)
            {
                if (part is HoconObject)
                {
                    merged = merged is null ? part : HoconMerger.Merge(merged, part, mutate: false);
                }
            }

            return merged!;
        }

        var text = new StringBuilder();
        foreach (var part in parts)
        {
            text.Append(((HoconScalar)part).Text);
        }

        return HoconScalar.String(text.ToString(), concatenation.Origin, concatenation.Column);
    }

    private static void AddLayers(List<Layer> into, HoconValue value, bool mustBeObject)
    {
        if (value is HoconMerge merge)
        {
            for (var i = merge.Layers.Count - 1; i >= 0; i--)
            {
                AddLayers(into, merge.Layers[i], mustBeObject || merge.IsConcatenation);
            }
        }
        else
        {
            into.Add(new Layer(value, mustBeObject, into.Count));
        }
    }

    /// <summary>How many top layers of a location its look-back hides now; notes the look-back as read.</summary>
    private int HiddenAt(Key key)
    {
        if (_lookback.TryGetValue(key, out var entry) && entry.Hidden > 0)
        {
            _lowestHiddenLevel = Math.Min(_lowestHiddenLevel, entry.Level);
            return entry.Hidden;
        }

        return 0;
    }

    /// <summary>True when a look-back is set on the anchor or on one of the first <paramref name="count"/>
    /// prefixes of the path.</summary>
    private bool AnyHidden(HoconValue anchor, string[] path, int count)
    {
        for (var i = 0; i <= count; i++)
        {
            if (_lookback.ContainsKey(new Key(anchor, HoconPath.Join(path[..i]))))
            {
                return true;
            }
        }

        return false;
    }

    private CycleException Cycle(string[] path)
    {
        var fields = string.Join(" -> ", _fieldChain.Select(f => $"'{HoconPath.Render(f.Path)}'"));
        var detail = $"substitution cycle: the value of '{HoconPath.Render(path)}' is needed while it is still being resolved"
            + (fields.Length > 0 ? $" (resolving {fields})" : string.Empty)
            + "; a value cannot refer to itself or to an object that contains it";
        return new CycleException(_substitutionChain.Count > 0
            ? Error(_substitutionChain[^1], detail)
            : new ConfigurationException(detail, _root.Origin.Description, 0, 0));
    }

    private ConfigurationException SelfReferenceError(HoconSubstitution substitution)
    {
        // The look-back that hid the target was set by the innermost field whose location is a prefix of it.
        var start = _fieldChain.Count - 1;
        for (var i = _fieldChain.Count - 1; i >= 0; i--)
        {
            if (substitution.Candidates.Any(c => IsPrefix(_fieldChain[i].Key, c)))
            {
                start = i;
                break;
            }
        }

        if (start < 0 || start == _fieldChain.Count - 1)
        {
            var own = start < 0 ? HoconPath.Render(substitution.Path) : HoconPath.Render(_fieldChain[start].Path);
            return Error(substitution,
                $"{substitution} refers to '{own}' itself, which has no earlier value to build on (write ${{?{HoconPath.Render(substitution.Path)}}} to allow that)");
        }

        var loop = _fieldChain.Skip(start).Select(f => HoconPath.Render(f.Path)).Append(HoconPath.Render(_fieldChain[start].Path));
        return Error(substitution, $"substitution cycle: {string.Join(" -> ", loop)}");
    }

    private bool IsPrefix(Key field, HoconLocation candidate)
    {
        var anchor = candidate.Anchor ?? _root;
        if (!ReferenceEquals(field.Anchor, anchor))
        {
            return false;
        }

        var path = HoconPath.Join(candidate.Path);
        return path == field.Path || path.StartsWith(field.Path + "\0", StringComparison.Ordinal);
    }

    private static ConfigurationException ConcatenationError(HoconValue piece, HoconValue value) =>
        Error(piece, $"cannot concatenate an object with {Describe(value)}; objects concatenate only with objects");

    private static string Describe(HoconValue value) => value switch
    {
        HoconScalar { Kind: HoconScalarKind.String } s => $"a string ({HoconRenderer.Quote(s.Text)})",
        HoconScalar s => $"{s.KindName} ({s.Text})",
        _ => value.KindName,
    };

    private static ConfigurationException Error(HoconValue at, string detail) =>
        ConfigurationException.At(at.Origin.Description, at.Origin.Line, at.Column, detail);

    private readonly record struct Key(HoconValue Anchor, string Path);

    private readonly record struct Layer(HoconValue Node, bool MustBeObject, int Index);

    /// <summary>Carries a cycle error up to the substitution that may treat it as undefined (<c>${?x}</c>).</summary>
    private sealed class CycleException(ConfigurationException error) : Exception(error.Message)
    {
        public ConfigurationException Error { get; } = error;
    }
}
