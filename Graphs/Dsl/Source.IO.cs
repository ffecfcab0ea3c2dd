using Sluice.Graphs.IO.Files;
using Sluice.Graphs.IO.Sockets;
using Sluice.Graphs.Offsets;

namespace Sluice.Graphs.Dsl;

/// <summary>Factories for the sources that read from outside: TCP sockets and file directories.</summary>
public static partial class Source
{
    /// <summary>
    /// Emits the UTF-8 text lines a TCP server sends, like Spark's socket source. Without reconnection it
    /// completes when the server closes and fails when the connection is refused. The materialized handle
    /// reports the offset: a <see cref="LongOffset"/>, the number of lines emitted.
    /// </summary>
    /// <example><code>Source.Socket("localhost", 9999).Select(line => line.Split(' '))...</code></example>
    public static Source<string, SourceOffsetHandle> Socket(string host, int port) => Socket(new SocketSourceSettings(host, port));

    /// <summary>Emits the text lines of a TCP server, reconnecting with backoff as <paramref name="settings"/> say.</summary>
    public static Source<string, SourceOffsetHandle> Socket(SocketSourceSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return FromGraph(new SocketSource(settings));
    }

    /// <summary>
    /// Emits the records of the files that appear in <paramref name="directory"/>, oldest first, each file once and
    /// only once it is complete, like Spark's file source. <typeparamref name="T"/> is <c>string</c> for text;
    /// <c>CsvRow</c>, <c>IReadOnlyDictionary&lt;string, string&gt;</c> or <c>string[]</c> for CSV; <c>JsonElement</c>
    /// or any deserializable type for JSON lines.
    /// </summary>
    public static Source<T, SourceOffsetHandle> Files<T>(string directory, FileFormat format) =>
        Files<T>(new FileSourceSettings(directory, format));

    /// <summary>
    /// Emits the records of new files as <paramref name="settings"/> say, resuming after <paramref name="startFrom"/>
    /// when given (the offset the materialized handle reported: a <see cref="FileSourceOffset"/>).
    /// </summary>
    /// <exception cref="ArgumentException"><typeparamref name="T"/> is not a record type of the format.</exception>
    public static Source<T, SourceOffsetHandle> Files<T>(FileSourceSettings settings, FileSourceOffset? startFrom = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _ = RecordReaderFactory.For<T>(settings.Format, settings.Csv, settings.Json); // refuse a wrong T now, not at run time
        return FromGraph(new FileSource<T>(settings, startFrom));
    }
}
