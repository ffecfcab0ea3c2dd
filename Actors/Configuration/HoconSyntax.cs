namespace Sluice.Actors.Configuration;

/// <summary>The formats a configuration file can have, chosen by its extension.</summary>
internal enum HoconSyntax
{
    /// <summary><c>.conf</c> and anything that is not JSON or properties.</summary>
    Hocon,

    /// <summary><c>.json</c>: strict JSON.</summary>
    Json,

    /// <summary><c>.properties</c>: Java properties, keys split on '.', values always strings.</summary>
    Properties,
}
