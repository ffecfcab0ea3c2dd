using Sluice.Graphs.IO.Files;
using Sluice.Graphs.Queries.Plan;
using Sluice.Graphs.Queries.Sources;
using Sluice.Graphs.Sources;

namespace Sluice.Graphs.Queries;

/// <summary>Entry points of streaming queries: a <see cref="DataStream{T}"/> from a query source.</summary>
public static class DataStream
{
    /// <summary>A stream of the rows of <paramref name="source"/> (a <see cref="MemorySource{T}"/>, or any <see cref="QuerySource{T}"/>).</summary>
    public static DataStream<T> From<T>(QuerySource<T> source)
    {
        ArgumentNullException.ThrowIfNull(source);
        return new DataStream<T>(new SourceNode<T>(source));
    }

    /// <summary>
    /// The events that persistent actors of <paramref name="system"/> wrote to its journal (all of them, or those with
    /// <paramref name="tag"/>), in the journal's global order, as Akka's read journal gives them: a projection or an
    /// audit feed. The offset is the journal's ordering, so a query on a durable checkpoint resumes after the last event
    /// it committed. Select the event types a query handles, e.g. <c>.Where(e =&gt; e.Event is Deposited)</c>. On
    /// PostgreSQL the query never passes a missing ordering that a transaction still in flight may fill; it waits up to
    /// <c>sluice.persistence.query.gap-timeout</c> for it (see <see cref="JournalQuerySource"/>).
    /// </summary>
    public static DataStream<EventEnvelope> Journal(Sluice.Actors.ActorSystem system, string? tag = null, long maxEventsPerTrigger = 100_000)
    {
        ArgumentNullException.ThrowIfNull(system);
        var persistence = Sluice.Persistence.SluicePersistence.Get(system);
        return From(new JournalQuerySource(persistence.JournalStore, tag, maxEventsPerTrigger, persistence.Settings.QueryGapTimeout));
    }

    /// <summary>
    /// Spark's rate source: <paramref name="rowsPerSecond"/> rows per second of the query's processing clock, each with a
    /// timestamp and a value counting from 0, reaching full speed after <paramref name="rampUp"/>.
    /// </summary>
    public static DataStream<RateRow> Rate(long rowsPerSecond, TimeSpan rampUp = default, long? maxRowsPerTrigger = null) =>
        From(new RateQuerySource(rowsPerSecond, rampUp, maxRowsPerTrigger));

    /// <summary>
    /// Lines of text read from a TCP server (Spark's socket source). A socket cannot seek, so every line received is
    /// appended to a write-ahead log in the query's checkpoint before any batch counts it: with a durable checkpoint (a
    /// directory, <see cref="DataStreamWriter{T}.CheckpointLocation(string)"/>, or a PostgreSQL schema) a restarted query re-runs its uncommitted batch with the same
    /// lines, then continues with new ones, even when the server is gone. The log keeps only what is not yet committed.
    /// A failed connection (refused, reset) fails the query once the lines already received are processed.
    /// </summary>
    public static DataStream<string> Socket(string host, int port) => From(new SocketQuerySource(host, port));

    /// <summary>
    /// The records of the files appearing in <paramref name="directory"/> (text lines, CSV or JSON lines), oldest file
    /// first, at most <paramref name="maxFilesPerTrigger"/> files per batch. A directory written by the file sink
    /// (<see cref="DataStreamWriter{T}.StartFilesAsync(string)"/>) is read through its manifest: exactly the committed part
    /// files, in epoch order (read them with <see cref="FileFormat.JsonLines"/>).
    /// </summary>
    public static DataStream<T> Files<T>(string directory, FileFormat format, int? maxFilesPerTrigger = null) =>
        From(new FileQuerySource<T>(directory, format, maxFilesPerTrigger));
}
