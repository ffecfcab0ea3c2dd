using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;
using Sluice.Graphs.Queries;
using Sluice.Graphs.Queries.Checkpoints;
using Sluice.Graphs.Queries.Sinks.Sql;
using Sluice.Graphs.Queries.Sources;

namespace Sluice.Graphs.Tests.Sql;

/// <summary>A word seen once: in Append mode with <c>hits</c> accumulated, the table counts words (a write that is not idempotent).</summary>
public sealed record Hit(string Word, long Hits);

/// <summary>A word and its count so far (Update mode, upserted).</summary>
public sealed record WordTotal(string Word, long Total);

internal static class SqlHarness
{
    public static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    /// <summary>Three batches of words, and what a counting table holds after each of them in an uninterrupted run.</summary>
    public static readonly string[][] Steps = [["a", "b", "a"], ["b", "c"], ["a", "c", "c", "d"]];

    public static readonly string[][] TableAfterStep =
    [
        ["a=2", "b=1"],
        ["a=2", "b=2", "c=1"],
        ["a=3", "b=2", "c=3", "d=1"],
    ];

    public static DataStream<Hit> Hits(MemorySource<string> input) => DataStream.From(input).Select(static w => new Hit(w, 1));

    /// <summary>The counting sink: Append mode, one row per word, hits added on conflict.</summary>
    public static SqlSinkOptions<Hit> Counter(SqlSinkOptions<Hit> options) => options.ColumnsFromProperties().Key("word").Accumulate("hits").CreateTableIfMissing();

    /// <summary>The rows of a two-column table as "key=value", ordered.</summary>
    public static async Task<List<string>> TableAsync(SqlProvider provider, string connection, string table)
    {
        await using var db = await OpenAsync(provider, connection);
        using var command = db.CreateCommand();
        command.CommandText = $"SELECT * FROM {table};";
        var rows = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(reader.GetValue(0) + "=" + reader.GetValue(1));
        }

        return [.. rows.Order(StringComparer.Ordinal)];
    }

    public static async Task<object?> ScalarAsync(SqlProvider provider, string connection, string sql)
    {
        await using var db = await OpenAsync(provider, connection);
        using var command = db.CreateCommand();
        command.CommandText = sql;
        var value = await command.ExecuteScalarAsync();
        return value is DBNull ? null : value;
    }

    private static async Task<DbConnection> OpenAsync(SqlProvider provider, string connection)
    {
        DbConnection db = provider == SqlProvider.Sqlite ? new SqliteConnection($"Data Source={connection};Pooling=false") : new NpgsqlConnection(connection);
        await db.OpenAsync();
        return db;
    }

    /// <summary>Feeds the steps from <paramref name="from"/> on, waiting for each batch; stops at the first failure of the query.</summary>
    public static async Task<int> FeedAsync(StreamingQuery query, MemorySource<string> input, int from, int to = 3)
    {
        for (var i = from; i < to; i++)
        {
            input.AddData(Steps[i]);
            try
            {
                await query.ProcessAllAvailableAsync().WaitAsync(Wait);
            }
            catch (StreamingQueryException)
            {
                return i + 1;
            }
        }

        return to;
    }

    /// <summary>Waits for the query to fail and returns its failure.</summary>
    public static async Task<StreamingQueryException> FailureAsync(StreamingQuery query) =>
        await Assert.ThrowsAsync<StreamingQueryException>(() => query.AwaitTerminationAsync().WaitAsync(Wait));
}
