namespace Sluice.Actors.Configuration;

/// <summary>The JSON type of a <see cref="HoconScalar"/>.</summary>
internal enum HoconScalarKind
{
    /// <summary>A quoted or unquoted string.</summary>
    String,

    /// <summary>A number, kept as written.</summary>
    Number,

    /// <summary><c>true</c> or <c>false</c>.</summary>
    Boolean,

    /// <summary><c>null</c>.</summary>
    Null,

    /// <summary>Unquoted whitespace between the parts of a value concatenation; never a value of its own.</summary>
    Whitespace,
}
