using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Sluice.Graphs.Queries.Checkpoints;

namespace Sluice.Graphs.Queries.Sinks.Sql;

/// <summary>A table of a SQLite file: WAL, synchronous=FULL, immediate transactions, one prepared statement run per row.</summary>
internal sealed class SqliteSqlDialect(string file, string table) : SqlDialect
{
    private static readonly Lazy<bool> Initialized = new(() =>
    {
        SQLitePCL.Batteries_V2.Init();
        return true;
    });

    public override string Description => $"SQLite '{file}', table \"{table}\"";

    public override CheckpointDatabase Database => CheckpointDatabase.Sqlite(file);

    public override string Table => Quote(table);

    public override string Markers => Quote(MarkerTable);

    public override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        _ = Initialized.Value;
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false, DefaultTimeout = 30 }.ToString());
        return await DbConnections.OpenAsync(connection, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;", cancellationToken).ConfigureAwait(false);
    }

    public override Task<DbTransaction> BeginAsync(DbConnection connection, CancellationToken cancellationToken) =>
        Task.FromResult<DbTransaction>(((SqliteConnection)connection).BeginTransaction(deferred: false));

    public override async Task<bool> TableExistsAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        using var command = Command(connection, transaction, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = @p0;", table);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture) > 0;
    }

    public override string Placeholder(int index) => "@p" + index.ToString(CultureInfo.InvariantCulture);

    protected override string ParameterName(int index) => Placeholder(index);

    public override string? SqlTypeOf(Type type) => type switch
    {
        _ when type == typeof(long) || type == typeof(int) || type == typeof(short) || type == typeof(byte) || type == typeof(bool) || type.IsEnum => "INTEGER",
        _ when type == typeof(double) || type == typeof(float) => "REAL",
        _ when type == typeof(decimal) => "NUMERIC",
        _ when type == typeof(string) || type == typeof(Guid) || type == typeof(DateTime) || type == typeof(DateTimeOffset) || type == typeof(TimeSpan) || type == typeof(char) => "TEXT",
        _ when type == typeof(byte[]) => "BLOB",
        _ => null,
    };

    public override async Task WriteRowsAsync<T>(DbConnection connection, DbTransaction transaction, string sql, IReadOnlyList<SqlColumn<T>> columns, IReadOnlyList<T> rows, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        var parameters = new DbParameter[columns.Count];
        for (var i = 0; i < parameters.Length; i++)
        {
            parameters[i] = columns[i].CreateParameter(SqlProvider.Sqlite, Placeholder(i));
            command.Parameters.Add(parameters[i]);
        }

        for (var r = 0; r < rows.Count; r++)
        {
            for (var i = 0; i < parameters.Length; i++)
            {
                columns[i].Bind(parameters[i], rows[r]);
            }

            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
