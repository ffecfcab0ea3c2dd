using Sluice.Graphs.Queries;
using Sluice.Graphs.Queries.Checkpoints;
using Sluice.Graphs.Queries.Sinks;
using Sluice.Graphs.Tests.IO;

namespace Sluice.Graphs.Tests.Queries;

/// <summary>
/// A socket query that crashes at its commit and before its offsets, restarted each time, against an uninterrupted run;
/// a derived class chooses where the checkpoint (and so the write-ahead log) is kept.
/// </summary>
public abstract class SocketWriteAheadLogScenario : IDisposable
{
    protected static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    private readonly RowCounter _rows = new();
    private readonly StreamingQueryManager _manager = new();

    protected SocketWriteAheadLogScenario() => _manager.AddListener(_rows);

    internal TempDirectory Dir { get; } = new();

    internal LineServer Server { get; } = new();

    public void Dispose()
    {
        Server.Dispose();
        Dir.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>Gives the writer of query <paramref name="name"/> its checkpoint location.</summary>
    protected abstract DataStreamWriter<string> WithCheckpoint(DataStreamWriter<string> writer, string name);

    /// <summary>The checkpoint store of query <paramref name="name"/>, as the query opens it (dispose it).</summary>
    internal abstract ICheckpointStore OpenStore(string name);

    private async Task<IReadOnlyList<string>> ReadSourceLogAsync(string name)
    {
        var store = OpenStore(name);
        using var _ = (IDisposable)store;
        return await store.ReadSourceLogAsync(0, CancellationToken.None);
    }

    /// <summary>A new socket source each time, as a restarted process would build it.</summary>
    protected DataStreamWriter<string> Writer(string name) =>
        WithCheckpoint(DataStream.Socket("127.0.0.1", Server.Port).Select(l => l.ToUpperInvariant()).WriteStream().Manager(_manager), name);

    internal async Task SendAndWaitAsync(LineConnection connection, string line, long totalRows)
    {
        await connection.SendAsync(line);
        await _rows.WaitForAsync(totalRows).WaitAsync(Wait);
    }

    internal static async Task<StreamingQueryException> CrashAsync(LineConnection connection, string line, StreamingQuery query)
    {
        await connection.SendAsync(line);
        return await Assert.ThrowsAsync<StreamingQueryException>(() => query.AwaitTerminationAsync().WaitAsync(Wait));
    }

    [Fact]
    public async Task Socket_query_stopped_abruptly_and_restarted_writes_every_line_once_as_an_uninterrupted_run()
    {
        var output = Dir.File("crashed");
        var faults = (FaultyCheckpointStore?)null;
        DataStreamWriter<string> Faulty() => Writer("crashed").WrapCheckpointStore(s => faults = new FaultyCheckpointStore(s));

        // Run 1 dies after batch "c" was planned and its output staged, before its commit.
        var query = await Faulty().StartFilesAsync(output);
        var connection = await Server.AcceptAsync();
        await SendAndWaitAsync(connection, "a", 1);
        await SendAndWaitAsync(connection, "b", 2);
        faults!.FailNextCommit = true;
        Assert.Contains("simulated crash before the commit", (await CrashAsync(connection, "c", query)).Message, StringComparison.Ordinal);

        // Run 2 re-runs that batch from the log, then dies after "d" was logged but before a batch was planned with it.
        query = await Faulty().StartFilesAsync(output);
        await _rows.WaitForAsync(3).WaitAsync(Wait);
        connection = await Server.AcceptAsync();
        faults!.FailNextOffsets = true;
        Assert.Contains("simulated crash before the offsets", (await CrashAsync(connection, "d", query)).Message, StringComparison.Ordinal);

        // Run 3 takes "d" from the log into its first batch, then new lines continue after it.
        query = await Writer("crashed").StartFilesAsync(output);
        await _rows.WaitForAsync(4).WaitAsync(Wait);
        connection = await Server.AcceptAsync();
        await SendAndWaitAsync(connection, "e", 5);
        await query.StopAsync();

        var uninterrupted = Dir.File("uninterrupted");
        query = await Writer("uninterrupted").StartFilesAsync(uninterrupted);
        connection = await Server.AcceptAsync();
        var total = 5L;
        foreach (var line in new[] { "a", "b", "c", "d", "e" })
        {
            await SendAndWaitAsync(connection, line, ++total);
        }

        await query.StopAsync();
        Assert.Equal(["A", "B", "C", "D", "E"], await FileSinkManifest.ReadRowsAsync<string>(uninterrupted));
        Assert.Equal(await FileSinkManifest.ReadRowsAsync<string>(uninterrupted), await FileSinkManifest.ReadRowsAsync<string>(output));

        // Bounded: the log keeps only its last entry once everything is committed (numbered on from the purged ones).
        Assert.Equal(["""{"first":4,"lines":["e"]}"""], await ReadSourceLogAsync("crashed"));
        Assert.Equal(["""{"first":4,"lines":["e"]}"""], await ReadSourceLogAsync("uninterrupted"));
    }

    [Fact]
    public async Task A_purged_source_log_reads_from_its_first_kept_entry_and_numbers_new_entries_after_its_last()
    {
        var store = OpenStore("purged");
        using var _ = (IDisposable)store;
        await store.LoadAsync(CancellationToken.None);
        await store.AppendSourceLogAsync(0, ["a", "b", "c"], CancellationToken.None);
        await store.AppendSourceLogAsync(1, ["x"], CancellationToken.None);
        await store.PurgeSourceLogAsync(0, 2, CancellationToken.None);
        Assert.Equal(["c"], await store.ReadSourceLogAsync(0, CancellationToken.None));

        await store.AppendSourceLogAsync(0, ["d", "e"], CancellationToken.None);
        Assert.Equal(["c", "d", "e"], await store.ReadSourceLogAsync(0, CancellationToken.None));
        await store.PurgeSourceLogAsync(0, 1, CancellationToken.None);
        Assert.Equal(["d", "e"], await store.ReadSourceLogAsync(0, CancellationToken.None));
        Assert.Equal(["x"], await store.ReadSourceLogAsync(1, CancellationToken.None)); // other sources keep theirs

        await store.PurgeSourceLogAsync(0, 5, CancellationToken.None);
        Assert.Empty(await store.ReadSourceLogAsync(0, CancellationToken.None));
        await store.AppendSourceLogAsync(0, ["f"], CancellationToken.None);
        Assert.Equal(["f"], await store.ReadSourceLogAsync(0, CancellationToken.None));
    }
}
