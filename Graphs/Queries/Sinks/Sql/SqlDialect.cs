using System.Data.Common;
using Sluice.Graphs.Queries.Checkpoints;

namespace Sluice.Graphs.Queries.Sinks.Sql;

/// <summary>What differs between the databases a SQL sink writes to: connections, quoting, parameters, types, row batches.</summary>
internal abstract class SqlDialect
{
    /// <summary>The name of the table of epoch markers (one row per sink and written epoch).</summary>
    public const string MarkerTable = "sluice_sink_commits";

    /// <summary>The database, for error messages and progress (never a password).</summary>
    public abstract string Description { get; }

    /// <summary>The database's identity, compared with the checkpoint's to share its transaction.</summary>
    public abstract CheckpointDatabase Database { get; }

    /// <summary>The sink's table, qualified and quoted.</summary>
    public abstract string Table { get; }

    /// <summary>The marker table, qualified and quoted.</summary>
    public abstract string Markers { get; }

    /// <summary>SQL run before the tables are created (a schema), or null.</summary>
    public virtual string? CreateContainer => null;

    public static SqlDialect For<T>(SqlSinkOptions<T> options) =>
        options.Provider == SqlProvider.Postgres ? new PostgresSqlDialect(options.Connection, options.Schema, options.Table) : new SqliteSqlDialect(options.Connection, options.Table);

    public abstract Task<DbConnection> OpenAsync(CancellationToken cancellationToken);

    public abstract Task<DbTransaction> BeginAsync(DbConnection connection, CancellationToken cancellationToken);

    public abstract Task<bool> TableExistsAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken);

    /// <summary>The placeholder of the <paramref name="index"/>th (0-based) parameter of a statement.</summary>
    public abstract string Placeholder(int index);

    /// <summary>The SQL type of a column of <paramref name="type"/> when the sink creates the table.</summary>
    public abstract string? SqlTypeOf(Type type);

    /// <summary>Runs <paramref name="sql"/> once per row, binding the row's column values in order.</summary>
    public abstract Task WriteRowsAsync<T>(DbConnection connection, DbTransaction transaction, string sql, IReadOnlyList<SqlColumn<T>> columns, IReadOnlyList<T> rows, CancellationToken cancellationToken);

    /// <summary>A command on <paramref name="connection"/> in <paramref name="transaction"/> with the given parameter values.</summary>
    public DbCommand Command(DbConnection connection, DbTransaction transaction, string sql, params object[] values)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        for (var i = 0; i < values.Length; i++)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = ParameterName(i);
            parameter.Value = values[i];
            command.Parameters.Add(parameter);
        }

        return command;
    }

    /// <summary>The name a parameter at <paramref name="index"/> is given (empty for positional parameters).</summary>
    protected abstract string ParameterName(int index);

    public static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
