using Xunit.Abstractions;

namespace Sluice.Scenarios.Recovery;

public sealed class SqlSinkCrashTests(ITestOutputHelper log) : IDisposable
{
    private const string Job = "words-sql";
    private static readonly string[] Vocabulary = ["alder", "birch", "cedar", "elm", "fir"];
    private readonly string _dir = Directory.CreateTempSubdirectory("sluice-crash-sql-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <remarks>
    /// The rows go to a SQLite table in the job's checkpoint.db, each epoch's in the transaction of its commit-log entry.
    /// The sink adds <c>count</c> to the stored row on a key conflict (<c>accumulate</c>), so an epoch written twice would
    /// double its counts: only a sink that commits exactly once gives the expected table.
    /// </remarks>
    [Fact]
    public async Task Word_counts_written_to_a_sql_table_survive_twelve_sigkills_with_every_window_counted_exactly_once()
    {
        var seed = CrashLoop.NewSeed();
        var input = Directory.CreateDirectory(Path.Combine(_dir, "input")).FullName;
        var expected = WindowedWordInput.WriteFiles(input, new Random(seed), files: 60, Vocabulary);
        var conf = ScenarioJobFile.Write(
            _dir,
            Job,
            "crash-files-word-count",
            ("input", input),
            ("output", Path.Combine(_dir, "output")),
            ("sink.kind", "sql"),
            ("sink.provider", "sqlite"),
            ("sink.table", "word_counts"),
            ("sink.accumulate", new Literal("[count]")));

        var loop = new CrashLoop(_dir, ["run", conf, "--ui-port", "0"], log);
        await loop.RunAsync(seed, kills: 12, isComplete: () => Task.FromResult(Table().Count >= expected.Count));

        Assert.Equal(expected.Order(StringComparer.Ordinal), Table().Order(StringComparer.Ordinal));
    }

    /// <summary>The committed rows of the table, as <see cref="WindowedWordInput.Format"/> writes them; none before the table exists.</summary>
    private List<string> Table()
    {
        using var connection = ScenarioJobFile.OpenCheckpointDatabase(_dir, Job);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'word_counts';";
        if ((long)command.ExecuteScalar()! == 0)
        {
            return [];
        }

        command.CommandText = "SELECT window_start_ms, word, count FROM word_counts;";
        using var reader = command.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read())
        {
            rows.Add($"{reader.GetInt64(0)} {reader.GetString(1)} {reader.GetInt64(2)}");
        }

        return rows;
    }
}
