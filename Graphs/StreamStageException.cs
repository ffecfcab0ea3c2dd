namespace Sluice.Graphs;

/// <summary>
/// The failure of a stream stage: user code or the stage itself threw. The message names the stage and repeats the
/// original message; <see cref="Exception.InnerException"/> is the original exception. This is the exception that
/// reaches the materialized completion tasks (of <c>Sink.Ignore</c>, <c>Sink.ForEach</c>, ...) when a stage throws.
/// Failures a stage raises on purpose (a buffer overflow, a timeout) use this type too; an exception given by the
/// user (<c>Source.Failed</c>, a probe's <c>SendError</c>, a kill switch's <c>Abort</c>) travels unchanged.
/// </summary>
public class StreamStageException : Exception
{
    /// <summary>Creates the exception for stage <paramref name="stageName"/>.</summary>
    public StreamStageException(string stageName, string message, Exception? inner = null)
        : base($"Stage '{stageName}' failed: {message}", inner)
    {
        StageName = stageName;
    }

    /// <summary>Wraps <paramref name="inner"/>, thrown by stage <paramref name="stageName"/>.</summary>
    public StreamStageException(string stageName, Exception inner)
        : this(stageName, inner?.Message ?? "unknown error", inner)
    {
    }

    /// <summary>Creates an exception without a stage (for serializers and tests).</summary>
    public StreamStageException()
        : this("unknown", "unknown error")
    {
    }

    /// <summary>Creates an exception without a stage (for serializers and tests).</summary>
    public StreamStageException(string message)
        : this("unknown", message)
    {
    }

    /// <summary>The name of the stage that failed.</summary>
    public string StageName { get; } = "unknown";
}
