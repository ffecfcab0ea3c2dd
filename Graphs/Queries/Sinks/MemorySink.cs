namespace Sluice.Graphs.Queries.Sinks;

/// <summary>
/// A table in memory, queryable from tests and code (Spark's memory sink): in Append and Update mode every committed
/// row is appended; in Complete mode the table is the last epoch's rows.
/// </summary>
/// <typeparam name="T">The row type.</typeparam>
/// <param name="name">The table's name.</param>
public sealed class MemorySink<T>(string name = "memory") : QuerySink<T>
{
    private readonly List<T> _table = [];
    private readonly List<(long EpochId, IReadOnlyList<T> Rows)> _batches = [];
    private readonly Lock _gate = new();

    /// <inheritdoc />
    public override string Description => "MemorySink[" + name + "]";

    /// <summary>The table: all rows so far (Append, Update) or the latest result (Complete).</summary>
    public IReadOnlyList<T> Rows
    {
        get
        {
            lock (_gate)
            {
                return [.. _table];
            }
        }
    }

    /// <summary>Every committed epoch with its rows, in order.</summary>
    public IReadOnlyList<(long EpochId, IReadOnlyList<T> Rows)> Batches
    {
        get
        {
            lock (_gate)
            {
                return [.. _batches];
            }
        }
    }

    /// <inheritdoc />
    protected override ValueTask WriteEpochAsync(long epochId, IReadOnlyList<T> rows, OutputMode mode, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (mode == OutputMode.Complete)
            {
                _table.Clear();
            }

            _table.AddRange(rows);
            _batches.Add((epochId, rows));
        }

        return ValueTask.CompletedTask;
    }
}
