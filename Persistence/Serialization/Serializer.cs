namespace Sluice.Persistence.Serialization;

/// <summary>
/// Turns events and snapshots into bytes and back. Every stored row records the serializer's <see cref="Id"/> and
/// the manifest it returned, so the same serializer (found by id) and type (found by manifest) read it back later.
/// </summary>
/// <remarks>Implementations must be thread-safe. Ids 1..99 are reserved for Sluice.</remarks>
public abstract class Serializer
{
    /// <summary>Stable id stored with every row this serializer wrote; never reuse an id for another format.</summary>
    public abstract int Id { get; }

    /// <summary>Human-readable name used in error messages.</summary>
    public abstract string Name { get; }

    /// <summary>Serializes a value.</summary>
    /// <param name="value">The event or snapshot.</param>
    /// <param name="manifest">What <see cref="FromBinary"/> needs besides the bytes to rebuild the value, usually a type name.</param>
    /// <returns>The bytes to store.</returns>
    public abstract byte[] ToBinary(object value, out string manifest);

    /// <summary>Deserializes a value written by <see cref="ToBinary"/>, possibly by an older version of the program.</summary>
    /// <param name="bytes">The stored bytes.</param>
    /// <param name="manifest">The stored manifest.</param>
    /// <returns>The value.</returns>
    public abstract object FromBinary(byte[] bytes, string manifest);

    /// <summary>Name and id, as used in error messages.</summary>
    /// <returns>For example <c>1 (System.Text.Json)</c>.</returns>
    public override string ToString() => $"{Id} ({Name})";
}
