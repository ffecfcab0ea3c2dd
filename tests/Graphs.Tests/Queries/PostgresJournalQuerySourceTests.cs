using Sluice.Graphs.Queries;
using Sluice.Graphs.Queries.Sources;
using Sluice.Graphs.Tests.IO;
using Sluice.Persistence;
using Sluice.Persistence.Postgres;
using Sluice.TestKit.Postgres;

namespace Sluice.Graphs.Tests.Queries;

/// <summary>
/// The journal query source on PostgreSQL, where a transaction can commit its lower ordering after a higher one: the
/// query never passes the missing ordering until it appears, or until the gap timeout for a hole that never will.
/// </summary>
[Collection(PostgresServer.Collection)]
public sealed class PostgresJournalQuerySourceTests(PostgresServer server) : IDisposable
{
    private static readonly TimeSpan GapTimeout = TimeSpan.FromSeconds(10);
    private readonly string _schema = "jq_" + Guid.NewGuid().ToString("N")[..10];
    private readonly TempDirectory _temp = new();
    private readonly ManualTimeProvider _clock = new();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData(null)]
    [InlineData("money")]
    public async Task An_event_committed_after_a_higher_ordering_is_read_before_it_and_each_event_once(string? tag)
    {
        await using var journal = Journal();
        await WriteAsync(journal, "a", 1, "opened", tag);
        await using var held = await HeldJournalInsert.BeginAsync(server.ConnectionString, _schema, "late", 1, ("a", 1), tag);
        await WriteAsync(journal, "b", 1, "deposited", tag);
        Assert.Equal(2, held.Ordering);

        var seen = new List<string>();
        var query = await StartAsync(journal, tag, _temp.File("checkpoint"), seen);
        await query.ProcessAllAvailableAsync();
        Assert.Equal(["1 a/1 opened"], Snapshot(seen));
        Assert.Equal("2", query.LastProgress!.Sources[0].EndOffset);

        await held.CommitAsync();
        await query.ProcessAllAvailableAsync();
        await query.StopAsync();

        Assert.Equal(["1 a/1 opened", "2 late/1 opened", "3 b/1 deposited"], Snapshot(seen));
    }

    [Fact]
    public async Task The_hole_of_a_rolled_back_transaction_is_passed_once_it_is_older_than_the_gap_timeout()
    {
        await using var journal = Journal();
        await WriteAsync(journal, "a", 1, "opened");
        await using (var held = await HeldJournalInsert.BeginAsync(server.ConnectionString, _schema, "late", 1, ("a", 1)))
        {
            await held.RollbackAsync();
        }

        await WriteAsync(journal, "b", 1, "deposited");
        var seen = new List<string>();
        var query = await StartAsync(journal, null, _temp.File("checkpoint"), seen);
        await query.ProcessAllAvailableAsync();
        Assert.Equal(["1 a/1 opened"], Snapshot(seen));

        _clock.Advance(GapTimeout - TimeSpan.FromMilliseconds(1));
        await query.ProcessAllAvailableAsync();
        Assert.Equal(["1 a/1 opened"], Snapshot(seen));

        _clock.Advance(TimeSpan.FromMilliseconds(1));
        await query.ProcessAllAvailableAsync();
        Assert.Equal(["1 a/1 opened", "3 b/1 deposited"], Snapshot(seen));

        await WriteAsync(journal, "b", 2, "withdrawn");
        await query.ProcessAllAvailableAsync();
        await query.StopAsync();

        Assert.Equal(["1 a/1 opened", "3 b/1 deposited", "4 b/2 withdrawn"], Snapshot(seen));
    }

    [Fact]
    public async Task A_query_restarted_with_its_offset_just_below_a_gap_reads_the_gap_event_and_the_next_once()
    {
        await using var journal = Journal();
        await WriteAsync(journal, "a", 1, "opened");
        await using var held = await HeldJournalInsert.BeginAsync(server.ConnectionString, _schema, "late", 1, ("a", 1));
        await WriteAsync(journal, "b", 1, "deposited");
        var checkpoint = _temp.File("checkpoint");
        var seen = new List<string>();

        var first = await StartAsync(journal, null, checkpoint, seen);
        await first.ProcessAllAvailableAsync();
        await first.StopAsync();
        Assert.Equal(["1 a/1 opened"], Snapshot(seen));

        var second = await StartAsync(journal, null, checkpoint, seen);
        await second.ProcessAllAvailableAsync();
        Assert.Equal(["1 a/1 opened"], Snapshot(seen));
        await held.CommitAsync();
        await second.ProcessAllAvailableAsync();
        await second.StopAsync();
        Assert.Equal(["1 a/1 opened", "2 late/1 opened", "3 b/1 deposited"], Snapshot(seen));

        var third = await StartAsync(journal, null, checkpoint, seen);
        await third.ProcessAllAvailableAsync();
        await third.StopAsync();
        Assert.Equal(["1 a/1 opened", "2 late/1 opened", "3 b/1 deposited"], Snapshot(seen));
    }

    private PostgresJournal Journal() => new(new PostgresStoreSettings(server.ConnectionString, _schema));

    private Task<StreamingQuery> StartAsync(PostgresJournal journal, string? tag, string checkpoint, List<string> seen) =>
        DataStream.From(new JournalQuerySource(journal, tag, gapTimeout: GapTimeout))
            .Select(e => $"{e.Offset} {e.PersistenceId}/{e.SequenceNr} {e.Event}")
            .WriteStream()
            .CheckpointLocation(checkpoint)
            .Clock(_clock)
            .Manager(new StreamingQueryManager())
            .ForEachBatchAsync((rows, _) =>
            {
                lock (seen)
                {
                    seen.AddRange(rows);
                }
            });

    private static List<string> Snapshot(List<string> seen)
    {
        lock (seen)
        {
            return [.. seen];
        }
    }

    private static async Task WriteAsync(PostgresJournal journal, string id, long seq, string payload, string? tag = null)
    {
        var results = await journal.WriteMessagesAsync(
            [new AtomicWrite(new PersistentRepresentation(id, seq, payload, Tags: tag is null ? null : [tag]))],
            CancellationToken.None);
        Assert.Null(results[0]);
    }
}
