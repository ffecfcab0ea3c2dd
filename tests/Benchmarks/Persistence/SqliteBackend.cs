using Microsoft.Data.Sqlite;
using Sluice.Persistence.Journal;
using Sluice.Persistence.Sqlite;

namespace Sluice.Benchmarks.Persistence;

/// <summary>One SQLite file (WAL, synchronous=FULL) in a temporary directory, written by the journal and by the raw
/// insert loop in turn (own persistence ids) through the same connection pool: the cost of a commit's fsync depended on
/// the file and the connection (10x between a fresh file or a second pool's connection and the journal's), so both must
/// write the same file through the same connections. The raw loop is one BEGIN IMMEDIATE transaction per batch with a
/// prepared single-row INSERT re-bound per row (the plain Microsoft.Data.Sqlite way; SQLite has no wire round trips to save).</summary>
public sealed class SqliteBackend : Backend
{
    private readonly string _directory;
    private readonly SqliteJournal _journal;
    private readonly string _journalConnection;

    private SqliteBackend(string directory)
    {
        _directory = directory;
        _journal = new SqliteJournal(new SqliteStoreSettings(directory, "journal.db"));
        // The journal's own connection string (see SqliteDatabase), so the raw loops draw from the journal's pool: a
        // second pool's connection committed single-row transactions 10x slower (fsync) on this machine.
        _journalConnection = new SqliteConnectionStringBuilder
        {
            DataSource = Path.GetFullPath(Path.Combine(directory, "journal.db")),
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
    }

    public override string Name => "SQLite";

    /// <summary>The journal's own connection string (its pool).</summary>
    public string ConnectionString => _journalConnection;

    public override IJournalStore Journal => _journal;

    public override string RawWriteName => "raw INSERT loop, 1 tx/batch";

    public static async Task<SqliteBackend> StartAsync()
    {
        var directory = Directory.CreateTempSubdirectory("sluice-bench-sqlite-").FullName;
        var backend = new SqliteBackend(directory);

        // The file gets the journal's schema and WAL mode from the journal's own first-use code.
        await backend._journal.ReadHighestSequenceNrAsync("none", 0, CancellationToken.None).ConfigureAwait(false);
        return backend;
    }

    public override Task<Rate> RawWriteAsync(RawRows rows, int batch, TimeSpan duration) => Task.Run(() =>
    {
        using var connection = new SqliteConnection(_journalConnection);
        connection.Open();
        using (var pragma = connection.CreateCommand())
        {
            pragma.CommandText = "PRAGMA synchronous = FULL;";
            pragma.ExecuteNonQuery();
        }

        using var insert = connection.CreateCommand();
        insert.CommandText = """
            INSERT INTO journal (persistence_id, sequence_nr, timestamp_ticks, writer_guid, serializer_id, manifest, payload, tags)
            VALUES ($pid, $seq, $ts, $writer, $serializer, $manifest, $payload, NULL);
            """;
        var pid = insert.Parameters.Add("$pid", SqliteType.Text);
        var seq = insert.Parameters.Add("$seq", SqliteType.Integer);
        var ts = insert.Parameters.Add("$ts", SqliteType.Integer);
        insert.Parameters.Add("$writer", SqliteType.Text).Value = rows.WriterGuid;
        insert.Parameters.Add("$serializer", SqliteType.Integer).Value = rows.SerializerId;
        insert.Parameters.Add("$manifest", SqliteType.Text).Value = rows.Manifest;
        var payload = insert.Parameters.Add("$payload", SqliteType.Blob);
        long events = 0;
        var start = System.Diagnostics.Stopwatch.GetTimestamp();
        while (System.Diagnostics.Stopwatch.GetElapsedTime(start) < duration)
        {
            using var transaction = connection.BeginTransaction(deferred: false);
            insert.Transaction = transaction;
            for (var i = 0; i < batch; i++)
            {
                (pid.Value, seq.Value) = rows.Next();
                payload.Value = RawRows.Serialize();
                ts.Value = DateTime.UtcNow.Ticks;
                insert.ExecuteNonQuery();
            }

            transaction.Commit();
            events += batch;
        }

        return Rate.Since(events, start);
    });

    public override Task<long> RawReplayAsync(string persistenceId) => Task.Run(() => RawReplay(persistenceId, static r => RawRows.ReadEvent(r)));

    /// <summary>Reads one persistence id's rows in sequence-number order, calling <paramref name="perRow"/> on each; returns the row count.</summary>
    public long RawReplay(string persistenceId, Action<SqliteDataReader> perRow)
    {
        using var connection = new SqliteConnection(_journalConnection);
        connection.Open();
        using var select = connection.CreateCommand();
        select.CommandText = $"SELECT {EventReader.Columns} FROM journal j WHERE j.persistence_id = $pid ORDER BY j.sequence_nr;";
        select.Parameters.AddWithValue("$pid", persistenceId);
        using var reader = select.ExecuteReader();
        long count = 0;
        while (reader.Read())
        {
            perRow(reader);
            count++;
        }

        return count;
    }

    public override async ValueTask DisposeAsync()
    {
        await _journal.DisposeAsync().ConfigureAwait(false);
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}
