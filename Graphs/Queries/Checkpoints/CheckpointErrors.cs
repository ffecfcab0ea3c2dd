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
}
