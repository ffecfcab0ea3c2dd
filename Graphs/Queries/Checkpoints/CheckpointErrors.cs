using System.Data.Common;
using System.Text.Json;

namespace Sluice.Graphs.Queries.Checkpoints;

/// <summary>What the durable checkpoint stores (a directory's SQLite file, a PostgreSQL schema) say, and how they read an entry, alike.</summary>
internal static class CheckpointErrors
{
    /// <summary>A damaged checkpoint: it is never restarted from zero.</summary>
    /// <param name="where">The checkpoint, e.g. "database '/ckpt/checkpoint.db'".</param>
    /// <param name="cause">What is wrong.</param>
    /// <param name="container">What to restore from a backup ("directory", "schema").</param>
    /// <param name="inner">The cause's exception.</param>
    public static CheckpointException Damaged(string where, string cause, string container, Exception? inner = null) =>
        new($"The checkpoint {where} is damaged: {cause.TrimEnd('.')}. Sluice never restarts a damaged checkpoint from zero: " +
            $"restore the {container} from a backup, or start the query on a new checkpoint location to process from the beginning.",
            damaged: true,
            inner);

    /// <summary>A checkpoint written by a query whose plan differs in what state and offsets depend on.</summary>
    public static CheckpointException DifferentQuery(string where, IReadOnlyList<string> differences) =>
        new($"The checkpoint {where} was written by a different query: {string.Join("; ", differences)}. " +
            "State and offsets cannot be carried over such a change: start the changed query on a new checkpoint location " +
            "(filters, projections, sink options and triggers may change on an existing checkpoint).",
            damaged: false);

    /// <summary>Reads a JSON entry; a missing, empty or unreadable one is reported through <paramref name="damaged"/>.</summary>
    public static TEntry Parse<TEntry>(string? json, string what, Func<string, Exception?, CheckpointException> damaged)
        where TEntry : class
    {
        try
        {
            if (json is not null && JsonSerializer.Deserialize<TEntry>(json) is { } parsed)
            {
                return parsed;
            }
        }
        catch (JsonException e)
        {
            throw damaged($"{what} is unreadable ({e.Message})", e);
        }

        throw damaged($"{what} is {(json is null ? "missing" : "empty")}", null);
    }

    /// <summary>
    /// Reads a source log's rows (seq, entry) in seq order: consecutive positions from the first (a purged log starts
    /// past 0), none empty; a gap or an empty entry is reported through <paramref name="damaged"/>.
    /// </summary>
    public static async Task<IReadOnlyList<string>> ReadSourceLogAsync(
        DbDataReader reader, int source, string table, Func<string, CheckpointException> damaged, CancellationToken cancellationToken)
    {
        var entries = new List<string>();
        var first = -1L;
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            first = first < 0 ? reader.GetInt64(0) : first;
            if (reader.GetInt64(0) != first + entries.Count || reader.IsDBNull(1))
            {
                throw damaged($"the log of source {source} in table '{table}' has a gap or an empty entry at position {first + entries.Count}");
            }

            entries.Add(reader.GetString(1));
        }

        return entries;
    }

    /// <summary>How many entries each source has in its log (<paramref name="table"/>: <c>source_log</c>, qualified as needed).</summary>
    public static async Task<IReadOnlyDictionary<int, long>> ReadSourceLogSizesAsync(DbConnection connection, string table, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT source, count(*) FROM {table} GROUP BY source;";
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var sizes = new Dictionary<int, long>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            sizes[reader.GetInt32(0)] = reader.GetInt64(1);
        }

        return sizes;
    }
}
