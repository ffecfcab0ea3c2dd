using Sluice.Graphs.IO.Console;
using Sluice.Graphs.IO.Files;

namespace Sluice.Graphs.Dsl;

/// <summary>Factories for the sinks that write outside: the console and part files.</summary>
public static partial class Sink
{
    /// <summary>
    /// Prints each batch (e.g. from <c>Grouped</c> or <c>GroupedWithin</c>) as a table, like Spark's console sink:
    /// "Batch: N" then the rows as <c>show()</c> formats them. Scalars are one column "value"; tuples and arrays
    /// columns _1, _2...; string dictionaries and JSON objects their keys; other objects their properties.
    /// </summary>
    /// <param name="settings">Rows shown per batch and truncation (default: 20, truncated).</param>
    /// <param name="output">Where to print (default: <see cref="System.Console.Out"/>).</param>
    public static Sink<IReadOnlyList<T>, Task> Console<T>(ConsoleSinkSettings? settings = null, TextWriter? output = null) =>
        FromGraph(new ConsoleSink<T>(settings ?? ConsoleSinkSettings.Default, output)).MapMaterializedValue(static t => (Task)t);

    /// <summary>
    /// Writes the elements to rolling part files in <paramref name="directory"/> (JSON lines, CSV or text). A part
    /// is visible under its final name only once complete. The task completes with the final paths of the parts
    /// when the stream completes, or fails naming the stage, the path and the cause.
    /// </summary>
    public static Sink<T, Task<IReadOnlyList<string>>> Files<T>(string directory, FileSinkSettings settings)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentNullException.ThrowIfNull(settings);
        return FromGraph(new FileSink<T>(directory, settings));
    }
}
