namespace Sluice.Graphs.IO;

/// <summary>Presents the records of another reader through a projection (e.g. CSV rows as string arrays).</summary>
internal sealed class ProjectedRecordReader<TIn, TOut>(IRecordReader<TIn> inner, Func<TIn, TOut> project) : IRecordReader<TOut>
{
    public async ValueTask<ParsedRecord<TOut>?> ReadAsync(CancellationToken cancellationToken = default)
    {
        if (await inner.ReadAsync(cancellationToken).ConfigureAwait(false) is not { } record)
        {
            return null;
        }

        var value = record.Value is { } v ? project(v) : default;
        return new ParsedRecord<TOut>(value, record.LineNumber, record.Error, record.RawText);
    }

    public ValueTask DisposeAsync() => inner.DisposeAsync();
}
