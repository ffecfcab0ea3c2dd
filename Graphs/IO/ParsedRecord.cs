namespace Sluice.Graphs.IO;

/// <summary>
/// One record read from a text input: either a value, or an error with the raw text, so that a policy (fail or
/// skip) can decide what to do with it instead of the reader throwing.
/// </summary>
/// <typeparam name="T">The record's value type.</typeparam>
/// <param name="Value">The value; <c>default</c> when <paramref name="Error"/> is set (except for CSV rows with
/// the wrong field count, which keep their fields).</param>
/// <param name="LineNumber">The 1-based physical line on which the record starts.</param>
/// <param name="Error">Why the record is malformed, or <c>null</c> when it is valid.</param>
/// <param name="RawText">The record's raw text, kept only for malformed records.</param>
public readonly record struct ParsedRecord<T>(T? Value, long LineNumber, string? Error, string? RawText)
{
    /// <summary>Whether the record parsed without error.</summary>
    public bool IsValid => Error is null;

    internal static ParsedRecord<T> Ok(T value, long line) => new(value, line, null, null);
}
