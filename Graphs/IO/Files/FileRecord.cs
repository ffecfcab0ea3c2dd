namespace Sluice.Graphs.IO.Files;

/// <summary>A record read by a file source, with where it came from.</summary>
/// <typeparam name="T">The record type.</typeparam>
/// <param name="Value">The record.</param>
/// <param name="File">The file's path relative to the source directory, with '/' separators.</param>
/// <param name="LineNumber">The 1-based line on which the record starts.</param>
public readonly record struct FileRecord<T>(T Value, string File, long LineNumber);
