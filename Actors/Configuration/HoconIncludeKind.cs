namespace Sluice.Actors.Configuration;

/// <summary>How an include statement names its resource.</summary>
internal enum HoconIncludeKind
{
    /// <summary><c>include "name"</c>: a URL if it has a scheme, otherwise a file next to the including file.</summary>
    Heuristic,

    /// <summary><c>include file("name")</c>.</summary>
    File,

    /// <summary><c>include url("name")</c>.</summary>
    Url,

    /// <summary><c>include classpath("name")</c>.</summary>
    Classpath,
}
