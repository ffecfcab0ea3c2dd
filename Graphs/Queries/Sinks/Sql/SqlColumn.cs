using System.Data.Common;

namespace Sluice.Graphs.Queries.Sinks.Sql;

/// <summary>
/// One column of a SQL sink's table and how a row gives its value: built with
/// <see cref="SqlSinkOptions{T}.Column{TValue}(string, Func{T, TValue}, string?)"/> or
/// <see cref="SqlSinkOptions{T}.ColumnsFromProperties"/>.
/// </summary>
/// <typeparam name="T">The row type.</typeparam>
public abstract class SqlColumn<T>
{
    private protected SqlColumn(string name, Type valueType, string? sqlType)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
        ValueType = valueType;
        SqlType = sqlType;
    }

    /// <summary>The column's name in the table.</summary>
    public string Name { get; }

    /// <summary>The .NET type of its values.</summary>
    public Type ValueType { get; }

    /// <summary>The SQL type used when the sink creates the table; null: derived from <see cref="ValueType"/>.</summary>
    public string? SqlType { get; }

    /// <summary>A parameter for this column's values, for <paramref name="provider"/>.</summary>
    internal abstract DbParameter CreateParameter(SqlProvider provider, string name);

    /// <summary>Sets <paramref name="parameter"/> (made by <see cref="CreateParameter"/>) to the value of <paramref name="row"/>.</summary>
    internal abstract void Bind(DbParameter parameter, T row);
}
