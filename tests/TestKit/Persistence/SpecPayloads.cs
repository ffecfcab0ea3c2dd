namespace Sluice.TestKit.Persistence;

/// <summary>The event the persistence specs write.</summary>
/// <param name="Value">For example <c>a-3</c>.</param>
public sealed record SpecEvent(string Value);

/// <summary>A nested payload, to check that stores round-trip more than strings.</summary>
/// <param name="Name">A name.</param>
/// <param name="Lines">Nested records.</param>
/// <param name="Amount">A decimal.</param>
public sealed record SpecOrder(string Name, IReadOnlyList<SpecLine> Lines, decimal Amount)
{
    /// <summary>Structural equality, including the lines.</summary>
    /// <param name="other">The other order.</param>
    /// <returns>True when all fields and lines are equal.</returns>
    public bool Equals(SpecOrder? other) =>
        other is not null && Name == other.Name && Amount == other.Amount && Lines.SequenceEqual(other.Lines);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Name, Amount, Lines.Count);
}

/// <summary>A line of a <see cref="SpecOrder"/>.</summary>
/// <param name="Item">Item name.</param>
/// <param name="Quantity">How many.</param>
public sealed record SpecLine(string Item, int Quantity);

/// <summary>A payload no serializer can write: reading its property throws.</summary>
public sealed class UnserializablePayload
{
    /// <summary>Throws.</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1822", Justification = "Serializers read instance properties only.")]
    public string Value => throw new InvalidOperationException("this payload cannot be serialized");
}
