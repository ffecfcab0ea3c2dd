using Sluice.Graphs.Queries;
using Sluice.Graphs.Queries.Sources;
using Sluice.Graphs.Tests.IO;
using Sluice.Persistence;
using Sluice.Persistence.Sqlite;

namespace Sluice.Graphs.Tests.Queries;

/// <summary>The persistence journal as a query source: global order, tags, deleted events, and a restart that resumes after the committed offset.</summary>
public sealed class JournalQuerySourceTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task A_journal_query_reads_each_event_once_in_global_order_and_a_restart_resumes_at_the_next_event()
    {
        var journal = new SqliteJournal(new SqliteStoreSettings(_temp.File("journal")));
        await using (journal)
        {
            await WriteUntaggedAsync(journal, ("account-a", 1, "opened"), ("account-b", 1, "opened"), ("account-a", 2, "deposited 10"));
            var seen = new List<string>();
            var checkpoint = _temp.File("checkpoint");
            await RunToEndAsync(journal, null, checkpoint, seen);
            Assert.Equal(["account-a/1 opened", "account-b/1 opened", "account-a/2 deposited 10"], seen);

            await WriteUntaggedAsync(journal, ("account-b", 2, "deposited 5"), ("account-a", 3, "closed"));
            await RunToEndAsync(journal, null, checkpoint, seen);

            Assert.Equal(["account-a/1 opened", "account-b/1 opened", "account-a/2 deposited 10", "account-b/2 deposited 5", "account-a/3 closed"], seen);
        }
    }

    [Fact]
    public async Task A_tagged_journal_query_reads_only_the_events_with_its_tag_and_skips_deleted_ones()
    {
        var journal = new SqliteJournal(new SqliteStoreSettings(_temp.File("journal")));
        await using (journal)
        {
            await WriteAsync(journal, ("cart-1", 1, "created", null), ("cart-1", 2, "paid", "money"), ("cart-2", 1, "paid", "money"), ("cart-2", 2, "refunded", "money"));
            await journal.DeleteMessagesToAsync("cart-1", 2, CancellationToken.None);
            var seen = new List<string>();
            await RunToEndAsync(journal, "money", _temp.File("checkpoint"), seen, maxEventsPerTrigger: 1);

            Assert.Equal(["cart-2/1 paid", "cart-2/2 refunded"], seen);
        }
    }

    private static async Task RunToEndAsync(SqliteJournal journal, string? tag, string checkpoint, List<string> seen, long maxEventsPerTrigger = 100)
    {
        var query = await DataStream.From(new JournalQuerySource(journal, tag, maxEventsPerTrigger))
            .Select(e => $"{e.PersistenceId}/{e.SequenceNr} {e.Event}")
            .WriteStream()
            .CheckpointLocation(checkpoint)
            .Manager(new StreamingQueryManager())
            .ForEachBatchAsync((rows, _) =>
            {
                lock (seen)
                {
                    seen.AddRange(rows);
                }
            });
        await query.ProcessAllAvailableAsync();
        await query.StopAsync();
    }

    private static async Task WriteAsync(SqliteJournal journal, params (string Id, long Seq, string Event, string? Tag)[] events)
    {
        foreach (var (id, seq, payload, tag) in events)
        {
            var results = await journal.WriteMessagesAsync(
                [new AtomicWrite(new PersistentRepresentation(id, seq, payload, Tags: tag is null ? null : [tag]))],
                CancellationToken.None);
            Assert.Null(results[0]);
        }
    }

    private static Task WriteUntaggedAsync(SqliteJournal journal, params (string Id, long Seq, string Event)[] events) =>
        WriteAsync(journal, [.. events.Select(e => (e.Id, e.Seq, e.Event, (string?)null))]);
}
