namespace Sluice.Actors.Configuration;

/// <summary>
/// The one exception of the configuration family: a HOCON, JSON or properties text that does not parse, a
/// substitution that does not resolve, an include that fails, or a getter that finds no value or a value of the
/// wrong type. Messages name the place (<c>application.conf:12:7: expected '}' or a key, found ']'</c>) or the path
/// and the value (<c>sluice.actor.throughput: expected a number, found "abc" (application.conf:3)</c>).
/// </summary>
public sealed class ConfigurationException : Exception
{
    /// <summary>Creates an exception with no message and no origin.</summary>
    public ConfigurationException()
    {
    }

    /// <summary>Creates an exception with a message and no origin.</summary>
    /// <param name="message">What failed.</param>
    public ConfigurationException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with a message and the exception that caused it.</summary>
    /// <param name="message">What failed.</param>
    /// <param name="innerException">The cause, for example an <see cref="IOException"/>.</param>
    public ConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates an exception that points at a place in a configuration source.</summary>
    /// <param name="message">The complete message, already naming the place.</param>
    /// <param name="origin">The file name, <c>string</c>, or another source description.</param>
    /// <param name="line">The 1-based line, or 0 when unknown.</param>
    /// <param name="column">The 1-based column, or 0 when unknown.</param>
    /// <param name="innerException">The cause, if any.</param>
    public ConfigurationException(string message, string? origin, int line, int column, Exception? innerException = null)
        : base(message, innerException)
    {
        Origin = origin;
        Line = line;
        Column = column;
    }

    /// <summary>The file name (or <c>string</c>, or another source description) the error points at; null when the
    /// error is about a path that has no value, such as a missing key.</summary>
    public string? Origin { get; }

    /// <summary>The 1-based line the error points at, or 0 when unknown.</summary>
    public int Line { get; }

    /// <summary>The 1-based column the error points at, or 0 when unknown.</summary>
    public int Column { get; }

    /// <summary>Builds a parse error whose message reads <c>origin:line:column: detail</c>.</summary>
    internal static ConfigurationException At(string origin, int line, int column, string detail) =>
        new($"{origin}:{line}:{column}: {detail}", origin, line, column);
}
