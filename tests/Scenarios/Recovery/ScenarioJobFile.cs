using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;

namespace Sluice.Scenarios.Recovery;

/// <summary>Writes the HOCON file of one crash-scenario job: the job assembly of the scenarios, the data directory, the job's settings.</summary>
internal static class ScenarioJobFile
{
    /// <summary>Writes <c>&lt;directory&gt;/job.conf</c> for a job <paramref name="name"/> of <paramref name="type"/> and returns its path.</summary>
    public static string Write(string directory, string name, string type, params (string Key, object Value)[] settings)
    {
        var jobs = Path.Combine(AppContext.BaseDirectory, "Sluice.Scenarios.Jobs.dll");
        var text = new StringBuilder();
        text.AppendLine("sluice {");
        text.AppendLine(CultureInfo.InvariantCulture, $"  host.data-directory = {Quote(Path.Combine(directory, "data"))}");
        text.AppendLine(CultureInfo.InvariantCulture, $"  host.job-assemblies = [{Quote(jobs)}]");
        text.AppendLine(CultureInfo.InvariantCulture, $"  jobs = [{{ name = {name}, type = {type}");
        foreach (var (key, value) in settings)
        {
            var hocon = value switch
            {
                string s => Quote(s),
                TimeSpan t => $"{(long)t.TotalMilliseconds}ms",
                Literal l => l.Hocon,
                _ => Convert.ToString(value, CultureInfo.InvariantCulture),
            };
            text.AppendLine(CultureInfo.InvariantCulture, $"    {key} = {hocon}");
        }

        text.AppendLine("  }]");
        text.AppendLine("}");
        var path = Path.Combine(directory, "job.conf");
        File.WriteAllText(path, text.ToString());
        return path;
    }

    /// <summary>The checkpoint directory of job <paramref name="name"/> in a scenario's <paramref name="directory"/>.</summary>
    public static string CheckpointOf(string directory, string name) => Path.Combine(directory, "data", name);

    /// <summary>A read-only connection to the checkpoint database of job <paramref name="name"/> (the sluice process may be writing it).</summary>
    public static SqliteConnection OpenCheckpointDatabase(string directory, string name)
    {
        SQLitePCL.Batteries_V2.Init();
        var file = Path.Combine(CheckpointOf(directory, name), "checkpoint.db");
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    private static string Quote(string value) => "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
