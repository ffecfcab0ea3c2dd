using System.Diagnostics;
using Npgsql;
using NpgsqlTypes;
using Sluice.Persistence.Journal;
using Sluice.Persistence.Postgres;
using Sluice.TestKit.Postgres;

namespace Sluice.Benchmarks.Persistence;

/// <summary>
/// A private PostgreSQL server (<see cref="PostgresServer"/>, stopped and deleted on dispose): schema <c>bench</c> for
/// the journal, schema <c>raw</c> (same tables) for the raw loops.
/// </summary>
/// <remarks>The ratio's base is a multi-row <c>INSERT ... SELECT FROM unnest(arrays)</c>, one statement and one
/// implicit transaction per batch: the statement shape the journal itself sends (it needs the generated orderings back
/// for tags and per-row unique-key errors, which COPY cannot give), so the ratio measures the journal's own overhead.
/// A binary COPY per batch is shown for reference.</remarks>
public sealed class PostgresBackend : Backend
{
    private const string Columns = "persistence_id, sequence_nr, timestamp_ticks, writer_guid, serializer_id, manifest, payload, tags";

    private readonly PostgresServer _server;
    private readonly NpgsqlDataSource _dataSource;
    private readonly PostgresJournal _journal;

    private PostgresBackend(PostgresServer server)
    {
        _server = server;
        _dataSource = NpgsqlDataSource.Create(server.ConnectionString);
        _journal = new PostgresJournal(new PostgresStoreSettings(server.ConnectionString, "bench"));
    }

    public override string Name => "PostgreSQL";

    public override IJournalStore Journal => _journal;

    public override string RawWriteName => "raw unnest INSERT, 1 tx/batch";

    public override string? ExtraWriteName => "raw binary COPY, 1 tx/batch";

    public static async Task<PostgresBackend> StartAsync()
    {
        var server = await PostgresServer.StartAsync().ConfigureAwait(false);
        var backend = new PostgresBackend(server);
        await backend._journal.ReadHighestSequenceNrAsync("none", 0, CancellationToken.None).ConfigureAwait(false);
        await using var create = backend._dataSource.CreateCommand(PostgresSchema.CreateScript("raw"));
        await create.ExecuteNonQueryAsync().ConfigureAwait(false);
        return backend;
    }

    public override async Task<Rate> RawWriteAsync(RawRows rows, int batch, TimeSpan duration)
    {
        await using var connection = await _dataSource.OpenConnectionAsync().ConfigureAwait(false);
        long events = 0;
        var start = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(start) < duration)
        {
            var pids = new string[batch];
            var seqs = new long[batch];
            var timestamps = new long[batch];
            var writers = new string[batch];
            var serializers = new int[batch];
            var manifests = new string[batch];
            var payloads = new byte[batch][];
            var tags = new string?[batch];
            for (var i = 0; i < batch; i++)
            {
                (pids[i], seqs[i]) = rows.Next();
                timestamps[i] = DateTime.UtcNow.Ticks;
                writers[i] = rows.WriterGuid;
                serializers[i] = rows.SerializerId;
                manifests[i] = rows.Manifest;
                payloads[i] = RawRows.Serialize();
            }

            await using var insert = new NpgsqlCommand(
                $"""
                INSERT INTO raw.journal ({Columns})
                SELECT * FROM unnest($1::text[], $2::bigint[], $3::bigint[], $4::text[], $5::integer[], $6::text[], $7::bytea[], $8::text[])
                """,
                connection);
            var p = insert.Parameters;
            p.Add(new NpgsqlParameter<string[]> { TypedValue = pids });
            p.Add(new NpgsqlParameter<long[]> { TypedValue = seqs });
            p.Add(new NpgsqlParameter<long[]> { TypedValue = timestamps });
            p.Add(new NpgsqlParameter<string[]> { TypedValue = writers });
            p.Add(new NpgsqlParameter<int[]> { TypedValue = serializers });
            p.Add(new NpgsqlParameter<string[]> { TypedValue = manifests });
            p.Add(new NpgsqlParameter<byte[][]> { TypedValue = payloads, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea });
            p.Add(new NpgsqlParameter<string?[]> { TypedValue = tags });
            await insert.ExecuteNonQueryAsync().ConfigureAwait(false);
            events += batch;
        }

        return Rate.Since(events, start);
    }

    public override async Task<Rate> ExtraWriteAsync(RawRows rows, int batch, TimeSpan duration)
    {
        await using var connection = await _dataSource.OpenConnectionAsync().ConfigureAwait(false);
        long events = 0;
        var start = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(start) < duration)
        {
            await using (var copy = await connection.BeginBinaryImportAsync($"COPY raw.journal ({Columns}) FROM STDIN (FORMAT BINARY)").ConfigureAwait(false))
            {
                for (var i = 0; i < batch; i++)
                {
                    var (pid, seq) = rows.Next();
                    await copy.StartRowAsync().ConfigureAwait(false);
                    await copy.WriteAsync(pid, NpgsqlDbType.Text).ConfigureAwait(false);
                    await copy.WriteAsync(seq, NpgsqlDbType.Bigint).ConfigureAwait(false);
                    await copy.WriteAsync(DateTime.UtcNow.Ticks, NpgsqlDbType.Bigint).ConfigureAwait(false);
                    await copy.WriteAsync(rows.WriterGuid, NpgsqlDbType.Text).ConfigureAwait(false);
                    await copy.WriteAsync(rows.SerializerId, NpgsqlDbType.Integer).ConfigureAwait(false);
                    await copy.WriteAsync(rows.Manifest, NpgsqlDbType.Text).ConfigureAwait(false);
                    await copy.WriteAsync(RawRows.Serialize(), NpgsqlDbType.Bytea).ConfigureAwait(false);
                    await copy.WriteNullAsync().ConfigureAwait(false);
                }

                await copy.CompleteAsync().ConfigureAwait(false);
            }

            events += batch;
        }

        return Rate.Since(events, start);
    }

    public override async Task<long> RawReplayAsync(string persistenceId)
    {
        await using var connection = await _dataSource.OpenConnectionAsync().ConfigureAwait(false);
        await using var select = new NpgsqlCommand(
            $"SELECT {EventReader.Columns} FROM bench.journal j WHERE j.persistence_id = $1 ORDER BY j.sequence_nr", connection);
        select.Parameters.Add(new NpgsqlParameter<string> { TypedValue = persistenceId });
        await using var reader = await select.ExecuteReaderAsync().ConfigureAwait(false);
        long count = 0;
        while (await reader.ReadAsync().ConfigureAwait(false))
        {
            _ = RawRows.ReadEvent(reader);
            count++;
        }

        return count;
    }

    public override async ValueTask DisposeAsync()
    {
        await _journal.DisposeAsync().ConfigureAwait(false);
        await _dataSource.DisposeAsync().ConfigureAwait(false);
        await _server.DisposeAsync().ConfigureAwait(false);
    }
}
