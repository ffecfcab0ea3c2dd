using System.Data.Common;
using System.Globalization;
using Npgsql;
using Sluice.Graphs.Queries.Checkpoints;

namespace Sluice.Graphs.Queries.Sinks.Sql;

/// <summary>A table of a PostgreSQL database: pooled connections, positional parameters, rows sent in batches of statements (one round trip each).</summary>
internal sealed class PostgresSqlDialect(string connectionString, string schema, string table) : SqlDialect
{
    private const int RowsPerBatch = 500;

    public override string Description
    {
        get
        {
            var builder = new NpgsqlConnectionStringBuilder(connectionString);
            return $"PostgreSQL {builder.Host}:{builder.Port}/{builder.Database}, table \"{schema}\".\"{table}\"";
        }
    }

    public override CheckpointDatabase Database => CheckpointDatabase.Postgres(connectionString);

    public override string Table => Quote(schema) + "." + Quote(table);

    public override string Markers => Quote(schema) + "." + Quote(MarkerTable);

    public override string? CreateContainer => $"CREATE SCHEMA IF NOT EXISTS {Quote(schema)};";

    public override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken) => await OpenAsync(connectionString, cancellationToken).ConfigureAwait(false);

    /// <summary>An open connection (closed again if opening fails).</summary>
    public static Task<NpgsqlConnection> OpenAsync(string connectionString, CancellationToken cancellationToken) =>
        DbConnections.OpenAsync(new NpgsqlConnection(connectionString), null, cancellationToken);

    public override async Task<DbTransaction> BeginAsync(DbConnection connection, CancellationToken cancellationToken) =>
        await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);

    public override async Task<bool> TableExistsAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        using var command = Command(connection, transaction, "SELECT to_regclass($1) IS NOT NULL;", Table);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is true;
    }

    public override string Placeholder(int index) => "$" + (index + 1).ToString(CultureInfo.InvariantCulture);

    protected override string ParameterName(int index) => string.Empty;

    public override string? SqlTypeOf(Type type) => type switch
    {
        _ when type == typeof(long) => "bigint",
        _ when type == typeof(int) || type.IsEnum => "integer",
        _ when type == typeof(short) || type == typeof(byte) => "smallint",
        _ when type == typeof(bool) => "boolean",
        _ when type == typeof(double) => "double precision",
        _ when type == typeof(float) => "real",
        _ when type == typeof(decimal) => "numeric",
        _ when type == typeof(string) => "text",
        _ when type == typeof(Guid) => "uuid",
        _ when type == typeof(DateTimeOffset) => "timestamptz",
        _ when type == typeof(DateTime) => "timestamp",
        _ when type == typeof(TimeSpan) => "interval",
        _ when type == typeof(byte[]) => "bytea",
        _ => null,
    };

    public override async Task WriteRowsAsync<T>(DbConnection connection, DbTransaction transaction, string sql, IReadOnlyList<SqlColumn<T>> columns, IReadOnlyList<T> rows, CancellationToken cancellationToken)
    {
        for (var start = 0; start < rows.Count; start += RowsPerBatch)
        {
            using var batch = new NpgsqlBatch((NpgsqlConnection)connection, (NpgsqlTransaction)transaction);
            var end = Math.Min(rows.Count, start + RowsPerBatch);
            for (var r = start; r < end; r++)
            {
                var statement = new NpgsqlBatchCommand(sql);
                for (var i = 0; i < columns.Count; i++)
                {
                    var parameter = columns[i].CreateParameter(SqlProvider.Postgres, string.Empty);
                    columns[i].Bind(parameter, rows[r]);
                    statement.Parameters.Add((NpgsqlParameter)parameter);
                }

                batch.BatchCommands.Add(statement);
            }

            await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
