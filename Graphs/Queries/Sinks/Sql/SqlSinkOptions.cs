using System.Reflection;
using System.Text;

namespace Sluice.Graphs.Queries.Sinks.Sql;

/// <summary>
/// Where and how a SQL sink writes a query's rows: a table of a SQLite file or a PostgreSQL database, its columns, its
/// key. In Update and Complete mode rows are upserted by key (<c>INSERT ... ON CONFLICT (key) DO UPDATE</c>); in Append
/// mode they are inserted. Each epoch's rows and a marker row in <c>sluice_sink_commits</c> are written in one
/// transaction, and an epoch whose marker exists is skipped, so a re-run epoch never writes twice. When the table's
/// database is the query's checkpoint database (the <c>checkpoint.db</c> of a checkpoint directory, or the database of a
/// PostgreSQL checkpoint), the rows commit in the same transaction as the epoch's commit-log entry: exactly-once even
/// for writes that are not idempotent (<see cref="Accumulate"/>).
/// </summary>
/// <example>
/// <code>
/// await counts.WriteStream().OutputMode(OutputMode.Update).CheckpointLocation("./ckpt/wc").PersistentState(system)
///     .StartSqlAsync(SqlSink.Sqlite&lt;WordCount&gt;("./out/counts.db", "word_counts")
///         .Column("word", r => r.Word).Column("count", r => r.Count)
///         .Key("word").CreateTableIfMissing());
/// </code>
/// </example>
/// <typeparam name="T">The row type.</typeparam>
public sealed record SqlSinkOptions<T>
{
    /// <summary>The database kind.</summary>
    public required SqlProvider Provider { get; init; }

    /// <summary>The SQLite database file, or the Npgsql connection string.</summary>
    public required string Connection { get; init; }

    /// <summary>The table's name (unquoted; quoted by the sink).</summary>
    public required string Table { get; init; }

    /// <summary>PostgreSQL only: the schema of the table (and of <c>sluice_sink_commits</c>); default <c>public</c>.</summary>
    public string Schema { get; init; } = "public";

    /// <summary>The columns, in table order, and how a row gives each value.</summary>
    public IReadOnlyList<SqlColumn<T>> Columns { get; init; } = [];

    /// <summary>The columns of the table's unique key: the conflict target of upserts (required in Update and Complete mode).</summary>
    public IReadOnlyList<string> KeyColumns { get; init; } = [];

    /// <summary>Non-key columns added to the stored value when a row's key exists (<c>SET c = c + excluded.c</c>), in every mode.</summary>
    public IReadOnlyList<string> AccumulateColumns { get; init; } = [];

    /// <summary>Create the table (with a primary key on <see cref="KeyColumns"/>) when it is missing; off: a missing table fails the query.</summary>
    public bool CreateTable { get; init; }

    /// <summary>Test hook: called after an epoch's rows and marker are written, before their transaction commits.</summary>
    internal Func<long, ValueTask>? AfterRowsWritten { get; init; }

    /// <summary>Adds a column whose value <paramref name="value"/> reads from a row.</summary>
    /// <param name="name">The column's name.</param>
    /// <param name="value">Reads the value from a row.</param>
    /// <param name="sqlType">The SQL type when the sink creates the table (default: from <typeparamref name="TValue"/>).</param>
    public SqlSinkOptions<T> Column<TValue>(string name, Func<T, TValue> value, string? sqlType = null)
    {
        ArgumentNullException.ThrowIfNull(value);
        return this with { Columns = [.. Columns, new TypedSqlColumn<T, TValue>(name, value, sqlType)] };
    }

    /// <summary>
    /// Adds a column per public property of <typeparamref name="T"/> (a record or class), in declaration order, named in
    /// snake case (<c>WindowStart</c> → <c>window_start</c>).
    /// </summary>
    public SqlSinkOptions<T> ColumnsFromProperties()
    {
        if (typeof(T).IsValueType)
        {
            throw new ArgumentException($"ColumnsFromProperties reads the properties of classes and records; {typeof(T).Name} is a value type: map its columns with Column(name, row => ...).");
        }

        var columns = new List<SqlColumn<T>>(Columns);
        var add = typeof(SqlSinkOptions<T>).GetMethod(nameof(PropertyColumn), BindingFlags.NonPublic | BindingFlags.Static)!;
        foreach (var property in typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetMethod is { IsPublic: true } && p.GetIndexParameters().Length == 0).OrderBy(p => p.MetadataToken))
        {
            columns.Add((SqlColumn<T>)add.MakeGenericMethod(property.PropertyType).Invoke(null, [property])!);
        }

        return this with { Columns = columns };
    }

    /// <summary>Sets the key columns (the conflict target of upserts).</summary>
    public SqlSinkOptions<T> Key(params string[] columns) => this with { KeyColumns = columns };

    /// <summary>Sets columns added to the stored value when a row's key exists (a running counter): not idempotent, made exactly-once by the epoch markers.</summary>
    public SqlSinkOptions<T> Accumulate(params string[] columns) => this with { AccumulateColumns = columns };

    /// <summary>Creates the table when it is missing.</summary>
    public SqlSinkOptions<T> CreateTableIfMissing(bool create = true) => this with { CreateTable = create };

    /// <summary>Problems of these options, each naming the fix; empty when they are usable.</summary>
    internal List<string> Problems()
    {
        var problems = new List<string>();
        var names = Columns.Select(c => c.Name).ToList();
        if (names.Count == 0)
        {
            problems.Add("it has no columns: add them with Column(name, row => value) or ColumnsFromProperties().");
        }

        foreach (var duplicate in names.GroupBy(n => n, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
        {
            problems.Add($"the column '{duplicate.Key}' is mapped twice.");
        }

        foreach (var key in KeyColumns.Where(k => !names.Contains(k, StringComparer.Ordinal)))
        {
            problems.Add($"the key column '{key}' is not one of its columns ({string.Join(", ", names)}).");
        }

        foreach (var column in AccumulateColumns.Where(c => !names.Contains(c, StringComparer.Ordinal) || KeyColumns.Contains(c, StringComparer.Ordinal)))
        {
            problems.Add($"the accumulated column '{column}' is not one of its non-key columns.");
        }

        if (AccumulateColumns.Count > 0 && KeyColumns.Count == 0)
        {
            problems.Add("accumulated columns need key columns (the rows they add to): call Key(...).");
        }

        return problems;
    }

    internal static string SnakeCase(string name)
    {
        var text = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0 && (char.IsLower(name[i - 1]) || (i + 1 < name.Length && char.IsLower(name[i + 1]))))
            {
                text.Append('_');
            }

            text.Append(char.ToLowerInvariant(name[i]));
        }

        return text.ToString();
    }

    private static TypedSqlColumn<T, TValue> PropertyColumn<TValue>(PropertyInfo property) =>
        new(SnakeCase(property.Name), property.GetMethod!.CreateDelegate<Func<T, TValue>>(), null);
}
