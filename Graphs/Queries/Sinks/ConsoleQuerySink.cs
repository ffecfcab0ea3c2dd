using Sluice.Graphs.IO.Console;

namespace Sluice.Graphs.Queries.Sinks;

/// <summary>Prints each committed epoch as Spark's console sink does ("Batch: N" and a table); an epoch is printed once.</summary>
/// <typeparam name="T">The row type.</typeparam>
internal sealed class ConsoleQuerySink<T>(ConsoleSinkSettings settings, TextWriter? output) : QuerySink<T>
{
    public override string Description => "org.apache.spark.sql.execution.streaming.ConsoleTable";

    protected override ValueTask WriteEpochAsync(long epochId, IReadOnlyList<T> rows, OutputMode mode, CancellationToken cancellationToken)
    {
        var (columns, cells) = RowLayout<T>.Of(rows);
        var writer = output ?? System.Console.Out;
        ConsoleTable.WriteBatch(writer, epochId, columns, cells, settings);
        writer.Flush();
        return ValueTask.CompletedTask;
    }
}
