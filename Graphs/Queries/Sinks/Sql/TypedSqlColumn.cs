using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Sluice.Graphs.Queries.Sinks.Sql;

/// <summary>A column whose values a typed function reads from a row (PostgreSQL gets typed parameters: no boxing).</summary>
internal sealed class TypedSqlColumn<T, TValue>(string name, Func<T, TValue> value, string? sqlType)
    : SqlColumn<T>(name, Nullable.GetUnderlyingType(typeof(TValue)) ?? typeof(TValue), sqlType)
{
    internal override DbParameter CreateParameter(SqlProvider provider, string name) =>
        provider == SqlProvider.Postgres ? new NpgsqlParameter<TValue>() : new SqliteParameter { ParameterName = name };

    internal override void Bind(DbParameter parameter, T row)
    {
        var v = value(row);
        if (parameter is NpgsqlParameter<TValue> typed)
        {
            if (typeof(TValue) == typeof(DateTimeOffset))
            {
                // timestamptz takes only UTC offsets; the instant is the same.
                Unsafe.As<TValue, DateTimeOffset>(ref v) = Unsafe.As<TValue, DateTimeOffset>(ref v).ToUniversalTime();
            }

            typed.TypedValue = v;
            return;
        }

        parameter.Value = (object?)v ?? DBNull.Value;
    }
}
