namespace Sluice.Graphs.IO;

/// <summary>
/// A pull-style reader of records from one input, driven by demand: each call reads exactly one record.
/// Malformed records are returned as <see cref="ParsedRecord{T}"/> with an error, never thrown.
/// </summary>
/// <typeparam name="T">The record type.</typeparam>
public interface IRecordReader<T> : IAsyncDisposable
{
    /// <summary>Reads the next record, or returns <c>null</c> at the end of the input.</summary>
    ValueTask<ParsedRecord<T>?> ReadAsync(CancellationToken cancellationToken = default);
}
