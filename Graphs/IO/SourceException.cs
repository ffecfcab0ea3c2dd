namespace Sluice.Graphs.IO;

/// <summary>
/// A source could not read its input: a missing directory, a refused connection, a malformed record under
/// <see cref="Files.BadRecordPolicy.Fail"/>. The message names what failed, where, and the fix.
/// </summary>
public sealed class SourceException : IOException
{
    /// <summary>Creates the exception with a message that names what failed, where, and the fix.</summary>
    public SourceException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and the underlying cause.</summary>
    public SourceException(string message, Exception innerException) : base(message, innerException) { }

    /// <summary>Creates the exception without a message; prefer the constructors that take one.</summary>
    public SourceException() { }
}
