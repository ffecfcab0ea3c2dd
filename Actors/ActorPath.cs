using System.Text;

namespace Sluice.Actors;

/// <summary>
/// The unique name of an actor within its system, like a file path: <c>sluice://orders/user/router/worker-3</c>.
/// Paths compare by their elements; two incarnations of an actor share a path but differ in <see cref="Uid"/>.
/// </summary>
public sealed class ActorPath : IEquatable<ActorPath>
{
    private readonly string[] _elements;
    private string? _text;

    private ActorPath(string system, string[] elements, long uid)
    {
        System = system;
        _elements = elements;
        Uid = uid;
    }

    /// <summary>The name of the actor system this path belongs to.</summary>
    public string System { get; }

    /// <summary>The address part of the path: <c>sluice://system</c>.</summary>
    public string Address => "sluice://" + System;

    /// <summary>The path elements below the root, e.g. <c>["user", "router", "worker-3"]</c>.</summary>
    public IReadOnlyList<string> Elements => _elements;

    /// <summary>The last element (the actor's name), or "" for the root.</summary>
    public string Name => _elements.Length == 0 ? "" : _elements[^1];

    /// <summary>The incarnation id of the actor; 0 when the path only names a location.</summary>
    public long Uid { get; }

    /// <summary>The parent path; the root's parent is itself.</summary>
    public ActorPath Parent => _elements.Length == 0 ? this : new ActorPath(System, _elements[..^1], 0);

    /// <summary>The root path of a system.</summary>
    public static ActorPath Root(string system) => new(system, [], 0);

    /// <summary>The path of a child named <paramref name="name"/>.</summary>
    public ActorPath Child(string name, long uid = 0) => new(System, [.. _elements, name], uid);

    /// <summary>The same path with another incarnation id.</summary>
    internal ActorPath WithUid(long uid) => new(System, _elements, uid);

    /// <summary>The path without its address: <c>/user/router</c>.</summary>
    public string ToStringWithoutAddress()
    {
        if (_elements.Length == 0) return "/";
        var sb = new StringBuilder();
        foreach (var e in _elements) sb.Append('/').Append(e);
        return sb.ToString();
    }

    /// <summary>Parses <c>sluice://system/user/a</c>.</summary>
    /// <exception cref="FormatException">The text is not an absolute actor path.</exception>
    public static ActorPath Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        const string scheme = "sluice://";
        if (!text.StartsWith(scheme, StringComparison.Ordinal))
            throw new FormatException($"'{text}' is not an actor path: expected it to start with '{scheme}'.");
        var rest = text[scheme.Length..];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        var system = slash < 0 ? rest : rest[..slash];
        if (system.Length == 0) throw new FormatException($"'{text}' has no system name after '{scheme}'.");
        var elements = slash < 0 ? [] : rest[(slash + 1)..].Split('/', StringSplitOptions.RemoveEmptyEntries);
        return new ActorPath(system, elements, 0);
    }

    /// <inheritdoc />
    public bool Equals(ActorPath? other) =>
        other is not null && System == other.System && _elements.AsSpan().SequenceEqual(other._elements);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is ActorPath p && Equals(p);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var h = new HashCode();
        h.Add(System, StringComparer.Ordinal);
        foreach (var e in _elements) h.Add(e, StringComparer.Ordinal);
        return h.ToHashCode();
    }

    /// <inheritdoc />
    public override string ToString() => _text ??= Address + ToStringWithoutAddress();

    /// <summary>Checks an actor name: not empty, no '/', not starting with '$' (reserved for generated names).</summary>
    internal static void ValidateName(string name)
    {
        if (string.IsNullOrEmpty(name))
            throw new InvalidActorNameException("An actor name must not be empty.");
        if (name[0] == '$')
            throw new InvalidActorNameException($"Actor name '{name}' is invalid: names starting with '$' are reserved for generated names.");
        foreach (var c in name)
        {
            if (c == '/' || char.IsWhiteSpace(c) || c == '#' || c == '?' || c == '*')
                throw new InvalidActorNameException($"Actor name '{name}' is invalid: it contains '{c}'. Use letters, digits and - _ . : @ & = + , ! ~ ; ' ( ).");
        }
    }
}
