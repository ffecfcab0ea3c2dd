using System.Data.Common;
using Sluice.Graphs.Queries.Checkpoints;

namespace Sluice.Graphs.Queries.Sinks.Sql;

/*
 * Exactly-once into a SQL table. Every epoch that has rows is written in ONE transaction together with a marker row
 * (sink, epoch) in sluice_sink_commits; a transaction that finds its marker already there writes nothing. The sink id
 * is the query id (stable across restarts on one checkpoint) and the table, so a fresh query (new id, epochs from 0)
 * never mistakes another run's markers for its own.
 *
 * Two paths, chosen once when the query starts (Attach):
 * - The table's database is the checkpoint's (same SQLite file, same PostgreSQL database and user): pre-commit only
 *   keeps the rows; the coordinator hands this sink to the checkpoint store, which writes the rows, the marker and the
 *   commit-log entry in one transaction. A crash anywhere before it commits leaves nothing; the restarted query re-runs
 *   the epoch. Exactly-once even for non-idempotent writes, with no reliance on the epoch being replayed identically.
 * - Any other database: pre-commit writes rows and marker in their own transaction, BEFORE the commit-log entry. A crash
 *   between the two re-runs the epoch on restart (same offsets, same rows: Spark's replay guarantee) and the marker makes
 *   the second write a no-op. Rows are never lost: they are durable before the epoch counts as committed.
 */

/// <summary>Writes each epoch's rows into a SQLite or PostgreSQL table, exactly once (see <see cref="SqlSinkOptions{T}"/>).</summary>
internal sealed class SqlQuerySink<T> : QuerySink<T>, ICommitParticipant
{
    /// <summary>How many epoch markers per sink are kept behind the newest (a restart re-runs at most the epoch after the last committed).</summary>
    private const int RetainedMarkers = 100;

    private readonly SqlSinkOptions<T> _options;
    private readonly SqlDialect _dialect;
    private readonly Dictionary<long, (IReadOnlyList<T> Rows, OutputMode Mode)> _staged = [];
    private readonly Lock _gate = new();
    private readonly string _insert;
    private readonly string _upsert;
    private string _sinkId;
    private bool _joined;
    private bool _tablesChecked;

    public SqlQuerySink(SqlSinkOptions<T> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _dialect = SqlDialect.For(options);
        if (options.Problems() is { Count: > 0 } problems)
        {
            throw new StreamingQueryException($"The SQL sink of {_dialect.Description} cannot be used: {string.Join(" ", problems)}");
        }

        _sinkId = "unattached/" + options.Table;
        var columns = string.Join(", ", options.Columns.Select(c => SqlDialect.Quote(c.Name)));
        var values = string.Join(", ", options.Columns.Select((_, i) => _dialect.Placeholder(i)));
        _insert = $"INSERT INTO {_dialect.Table} ({columns}) VALUES ({values});";
        var updates = options.Columns.Where(c => !options.KeyColumns.Contains(c.Name, StringComparer.Ordinal))
            .Select(c => (Quoted: SqlDialect.Quote(c.Name), Adds: options.AccumulateColumns.Contains(c.Name, StringComparer.Ordinal)))
            .Select(c => c.Adds ? $"{c.Quoted} = target.{c.Quoted} + excluded.{c.Quoted}" : $"{c.Quoted} = excluded.{c.Quoted}")
            .ToList();
        var keys = string.Join(", ", options.KeyColumns.Select(SqlDialect.Quote));
        _upsert = $"INSERT INTO {_dialect.Table} AS target ({columns}) VALUES ({values}) ON CONFLICT ({keys}) " +
            (updates.Count == 0 ? "DO NOTHING;" : $"DO UPDATE SET {string.Join(", ", updates)};");
    }

    public override string Description => $"SqlSink[{_dialect.Description}]";

    public override string? Check(OutputMode mode, Trigger trigger) =>
        mode != OutputMode.Append && _options.KeyColumns.Count == 0
            ? $"in {mode} output mode the SQL sink upserts rows by key (INSERT ... ON CONFLICT (key) DO UPDATE), and no key columns are set: call Key(...) on the sink options, or use Append."
            : null;

    public bool Attach(Guid queryId, CheckpointDatabase? database)
    {
        _sinkId = queryId.ToString("N") + "/" + _options.Table;
        _joined = database is not null && database == _dialect.Database;
        return _joined;
    }

    public override async ValueTask PreCommitAsync(long epochId, IReadOnlyList<T> rows, OutputMode mode, CancellationToken cancellationToken)
    {
        if (_joined)
        {
            lock (_gate)
            {
                _staged[epochId] = (rows, mode);
            }

            return;
        }

        if (rows.Count == 0)
        {
            return;
        }

        try
        {
            var connection = await _dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                var transaction = await _dialect.BeginAsync(connection, cancellationToken).ConfigureAwait(false);
                await using (transaction.ConfigureAwait(false))
                {
                    await WriteEpochAsync(epochId, rows, mode, connection, transaction, cancellationToken).ConfigureAwait(false);
                    await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (DbException e)
        {
            throw Failure(epochId, e);
        }
    }

    public async Task WriteInCommitAsync(long epochId, DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        (IReadOnlyList<T> Rows, OutputMode Mode) staged;
        lock (_gate)
        {
            if (!_staged.Remove(epochId, out staged) || staged.Rows.Count == 0)
            {
                return;
            }
        }

        try
        {
            await WriteEpochAsync(epochId, staged.Rows, staged.Mode, connection, transaction, cancellationToken).ConfigureAwait(false);
        }
        catch (DbException e)
        {
            throw Failure(epochId, e);
        }
    }

    /// <summary>The rows were written at pre-commit, or with the commit-log entry: nothing is left to do.</summary>
    public override ValueTask CommitAsync(long epochId, OutputMode mode, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public override ValueTask AbortAfterAsync(long committedEpoch, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            foreach (var epoch in _staged.Keys.Where(e => e > committedEpoch).ToList())
            {
                _staged.Remove(epoch);
            }
        }

        _tablesChecked = false; // a new run checks (and creates) the tables again: a rolled-back transaction may have taken them
        return ValueTask.CompletedTask;
    }

    protected override ValueTask WriteEpochAsync(long epochId, IReadOnlyList<T> rows, OutputMode mode, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    private async Task WriteEpochAsync(long epochId, IReadOnlyList<T> rows, OutputMode mode, DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        if (!_tablesChecked)
        {
            await EnsureTablesAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
            _tablesChecked = true;
        }

        using (var marker = _dialect.Command(connection, transaction, $"SELECT count(*) FROM {_dialect.Markers} WHERE sink = {_dialect.Placeholder(0)} AND epoch = {_dialect.Placeholder(1)};", _sinkId, epochId))
        {
            if (Convert.ToInt64(await marker.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture) > 0)
            {
                return; // written before a crash: this is the re-run of that epoch
            }
        }

        var upsert = mode != OutputMode.Append || _options.AccumulateColumns.Count > 0;
        await _dialect.WriteRowsAsync(connection, transaction, upsert ? _upsert : _insert, _options.Columns, rows, cancellationToken).ConfigureAwait(false);
        // Two statements: PostgreSQL's positional parameters allow one per command.
        using (var marker = _dialect.Command(connection, transaction, $"INSERT INTO {_dialect.Markers} (sink, epoch) VALUES ({_dialect.Placeholder(0)}, {_dialect.Placeholder(1)});", _sinkId, epochId))
        {
            await marker.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        using (var old = _dialect.Command(connection, transaction, $"DELETE FROM {_dialect.Markers} WHERE sink = {_dialect.Placeholder(0)} AND epoch < {_dialect.Placeholder(1)};", _sinkId, epochId - RetainedMarkers))
        {
            await old.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        if (_options.AfterRowsWritten is { } hook)
        {
            await hook(epochId).ConfigureAwait(false);
        }
    }

    private async Task EnsureTablesAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        if (!await _dialect.TableExistsAsync(connection, transaction, cancellationToken).ConfigureAwait(false))
        {
            if (!_options.CreateTable)
            {
                throw new StreamingQueryException(
                    $"The SQL sink's table does not exist in {_dialect.Description}: create it with the columns ({ColumnList()})" +
                    (_options.KeyColumns.Count > 0 ? $" and a primary key on ({string.Join(", ", _options.KeyColumns)})" : string.Empty) +
                    ", or call CreateTableIfMissing() on the sink options. The epoch is written when the query is started again.");
            }

            var definitions = _options.Columns.Select(c => $"{SqlDialect.Quote(c.Name)} {c.SqlType ?? _dialect.SqlTypeOf(c.ValueType) ?? throw UnknownType(c)}").ToList();
            if (_options.KeyColumns.Count > 0)
            {
                definitions.Add($"PRIMARY KEY ({string.Join(", ", _options.KeyColumns.Select(SqlDialect.Quote))})");
            }

            using var create = _dialect.Command(connection, transaction, $"{_dialect.CreateContainer}CREATE TABLE IF NOT EXISTS {_dialect.Table} ({string.Join(", ", definitions)});");
            await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        using var markers = _dialect.Command(connection, transaction, $"CREATE TABLE IF NOT EXISTS {_dialect.Markers} (sink TEXT NOT NULL, epoch BIGINT NOT NULL, PRIMARY KEY (sink, epoch));");
        await markers.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private string ColumnList() => string.Join(", ", _options.Columns.Select(c => $"{c.Name} {c.SqlType ?? _dialect.SqlTypeOf(c.ValueType) ?? c.ValueType.Name}"));

    private StreamingQueryException UnknownType(SqlColumn<T> column) =>
        new($"The SQL sink cannot create the table in {_dialect.Description}: the column '{column.Name}' holds {column.ValueType.Name}, which has no SQL type here: give its SQL type (Column(name, value, sqlType: ...)) and a value the database takes, or create the table yourself.");

    private StreamingQueryException Failure(long epochId, DbException e) =>
        new($"The SQL sink could not write epoch {epochId} to {_dialect.Description}: {e.Message}. " +
            $"Check that the database is reachable and that the table has the columns ({ColumnList()})" +
            (_options.KeyColumns.Count > 0 ? $" with a unique key on ({string.Join(", ", _options.KeyColumns)})" : string.Empty) +
            ". No row of the epoch is lost: it is written again when the query is started again on its checkpoint.", e);
}
