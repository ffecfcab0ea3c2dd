namespace Sluice.Graphs.IO;

/// <summary>
/// A sink could not write its output: a directory that cannot be created or written, a full disk. The message
/// names the path, the cause and the fix.
/// </summary>
public sealed class SinkException : IOException
{
    /// <summary>Creates the exception with a message that names the path, the cause and the fix.</summary>
    public SinkException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and the underlying cause.</summary>
    public SinkException(string message, Exception innerException) : base(message, innerException) { }

    /// <summary>Creates the exception without a message; prefer the constructors that take one.</summary>
    public SinkException() { }
}
