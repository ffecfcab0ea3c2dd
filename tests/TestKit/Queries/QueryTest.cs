using System.Globalization;
using System.Text;
using Sluice.Actors.Scheduling;
using Sluice.Graphs.Queries;
using Sluice.Graphs.Queries.Progress;
using Sluice.Graphs.Queries.Sinks;
using Sluice.Graphs.Queries.Sources;
using Xunit.Abstractions;

namespace Sluice.TestKit.Queries;

/// <summary>
/// A scenario test of a streaming query, in the spirit of Spark's <c>StreamTest</c>: a list of steps (add data, advance
/// the manual clock, check answers, assert watermark, state and progress, stop, restart, expect a failure) run in order
/// against the query writing to a memory sink. The query starts at the first step that needs it, on a manual clock that
/// starts at the Unix epoch, with a checkpoint location of its own (so a restart resumes). A failing step throws an
/// <see cref="ExpectationFailedException"/> naming the step, what was expected and what arrived.
/// </summary>
/// <example>
/// <code>
/// var words = new MemorySource&lt;string&gt;();
/// await new QueryTest&lt;(string, long)&gt;(DataStream.From(words).GroupBy(w =&gt; w).Count(), OutputMode.Update, output)
///     .AddData(words, "a", "b", "a")
///     .CheckNewAnswer(("a", 2L), ("b", 1L))
///     .StopQuery()
///     .AddData(words, "b")
///     .StartQuery()
///     .CheckNewAnswer(("b", 2L))
///     .RunAsync();
/// </code>
/// </example>
/// <typeparam name="T">The query's output row.</typeparam>
public sealed class QueryTest<T>
{
    private static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(20);

    private readonly DataStream<T> _stream;
    private readonly OutputMode _mode;
    private readonly ITestOutputHelper? _output;
    private readonly List<(string Description, Func<Task> Run)> _steps = [];
    private readonly string _checkpoint = "query-test-" + Guid.NewGuid().ToString("N");
    private Trigger _trigger;
    private Func<DataStreamWriter<T>, DataStreamWriter<T>> _configure = w => w;
    private int _seenBatches;
    private long _stateRowsCheckedBatch = -1;

    /// <summary>Creates a scenario for <paramref name="stream"/> written in <paramref name="mode"/>.</summary>
    /// <param name="stream">The query under test.</param>
    /// <param name="mode">The output mode.</param>
    /// <param name="output">Where steps and progress are logged (xunit's test output), or null.</param>
    /// <param name="trigger">The trigger of the first start (default <see cref="Trigger.Default"/>).</param>
    public QueryTest(DataStream<T> stream, OutputMode mode = OutputMode.Append, ITestOutputHelper? output = null, Trigger? trigger = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        _stream = stream;
        _mode = mode;
        _output = output;
        _trigger = trigger ?? Trigger.Default;
    }

    /// <summary>The manual clock the query runs on (starts at the Unix epoch).</summary>
    public VirtualTimeProvider Clock { get; } = new(DateTimeOffset.UnixEpoch);

    /// <summary>The manager of the scenario's queries (add listeners here).</summary>
    public StreamingQueryManager Manager { get; } = new();

    /// <summary>The sink every run of the query writes to.</summary>
    public MemorySink<T> Sink { get; } = new("query-test");

    /// <summary>The running (or last) query, or null before the first start.</summary>
    public StreamingQuery? Query { get; private set; }

    /// <summary>Adjusts the writer before each start (shards, name, watermark policy...).</summary>
    public QueryTest<T> Configure(Func<DataStreamWriter<T>, DataStreamWriter<T>> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        _configure = configure;
        return this;
    }

    /// <summary>Adds rows to one input.</summary>
    public QueryTest<T> AddData<TIn>(MemorySource<TIn> source, params TIn[] rows)
    {
        ArgumentNullException.ThrowIfNull(source);
        return Step($"AddData({source.Description}: {Show(rows)})", () => AddAtomicallyAsync(() => source.AddData(rows)));
    }

    /// <summary>Adds rows to several inputs so that they are read by the same batch: <c>AddData(s =&gt; { left.AddData(1); right.AddData(2); })</c>.</summary>
    public QueryTest<T> AddData(Action add, string description = "several inputs")
    {
        ArgumentNullException.ThrowIfNull(add);
        return Step($"AddData({description})", () => AddAtomicallyAsync(add));
    }

    /// <summary>Moves the manual clock (one processing-time trigger per interval passed) and waits until the query waits again.</summary>
    public QueryTest<T> AdvanceClock(TimeSpan by) => Step($"AdvanceClock({by})", async () =>
    {
        await EnsureStartedAsync().ConfigureAwait(false);
        Clock.Advance(by);
        await IdleAsync().ConfigureAwait(false);
    });

    /// <summary>Processes everything available; then the rows committed since the last check are exactly <paramref name="rows"/> (a multiset; Complete mode: the last table).</summary>
    public QueryTest<T> CheckNewAnswer(params T[] rows) => Step($"CheckNewAnswer({Show(rows)})", async () =>
    {
        await ProcessAllAvailableAsync().ConfigureAwait(false);
        var batches = Sink.Batches;
        var arrived = _mode == OutputMode.Complete
            ? (batches.Count > _seenBatches ? batches[^1].Rows : [])
            : batches.Skip(_seenBatches).SelectMany(b => b.Rows).ToList();
        _seenBatches = batches.Count;
        Compare("the new rows", rows, arrived);
    });

    /// <summary>Processes everything available; then everything emitted since the first start (across restarts; Complete mode: the latest table) is <paramref name="rows"/>.</summary>
    public QueryTest<T> CheckAnswer(params T[] rows) => Step($"CheckAnswer({Show(rows)})", async () =>
    {
        await ProcessAllAvailableAsync().ConfigureAwait(false);
        _seenBatches = Sink.Batches.Count;
        Compare("the answer", rows, Sink.Rows);
    });

    /// <summary>Processes everything available; then the last committed batch's rows are <paramref name="rows"/> (a multiset).</summary>
    public QueryTest<T> CheckLastBatch(params T[] rows) => Step($"CheckLastBatch({Show(rows)})", async () =>
    {
        await ProcessAllAvailableAsync().ConfigureAwait(false);
        var batches = Sink.Batches;
        _seenBatches = batches.Count;
        Compare("the last batch", rows, batches.Count == 0 ? [] : batches[^1].Rows);
    });

    /// <summary>The query's watermark (the one its next batch runs with) is <paramref name="watermark"/>.</summary>
    public QueryTest<T> AssertWatermark(DateTimeOffset watermark) => Step($"AssertWatermark({Iso(watermark)})", async () =>
    {
        await ProcessAllAvailableAsync().ConfigureAwait(false);
        Expect(Query!.Watermark == watermark, $"the watermark is {Iso(watermark)}", Iso(Query.Watermark));
    });

    /// <summary>The query's watermark is <paramref name="watermarkMs"/> ms after the Unix epoch.</summary>
    public QueryTest<T> AssertWatermark(long watermarkMs) => AssertWatermark(DateTimeOffset.FromUnixTimeMilliseconds(watermarkMs));

    /// <summary>The event-time statistics of the last batch that read rows (ISO-8601 values as in progress; null: not checked).</summary>
    public QueryTest<T> AssertEventTimeStats(DateTimeOffset? min = null, DateTimeOffset? max = null, DateTimeOffset? avg = null, DateTimeOffset? watermark = null) =>
        Step($"AssertEventTimeStats(min={min}, max={max}, avg={avg}, watermark={watermark})", async () =>
        {
            await ProcessAllAvailableAsync().ConfigureAwait(false);
            var progress = LastDataProgress();
            var stats = progress.EventTime;
            void Check(string key, DateTimeOffset? expected)
            {
                if (expected is { } value)
                {
                    var actual = stats.GetValueOrDefault(key);
                    Expect(actual == Iso(value), $"eventTime.{key} = {Iso(value)} in batch {progress.BatchId}", actual ?? "(absent)");
                }
            }

            Check("min", min);
            Check("max", max);
            Check("avg", avg);
            Check("watermark", watermark);
        });

    /// <summary>After the last batch, operator <paramref name="operatorName"/> holds <paramref name="rows"/> state rows.</summary>
    public QueryTest<T> AssertStateRows(string operatorName, long rows) => Step($"AssertStateRows({operatorName}, {rows})", async () =>
    {
        await ProcessAllAvailableAsync().ConfigureAwait(false);
        var progress = Query!.LastProgress ?? throw Failure("a batch has run", "no batch ran");
        var op = Operator(progress, operatorName);
        Expect(op.NumRowsTotal == rows, $"{operatorName} holds {rows} state rows after batch {progress.BatchId}", op.NumRowsTotal.ToString(CultureInfo.InvariantCulture));
    });

    /// <summary>
    /// Spark's assertNumStateRows: after the last batch operator <paramref name="operatorName"/> holds
    /// <paramref name="total"/> state rows, and the batches run since the previous such assertion (or the start) updated
    /// <paramref name="updated"/> rows between them.
    /// </summary>
    public QueryTest<T> AssertStateRows(string operatorName, long total, long updated) => Step($"AssertStateRows({operatorName}, total {total}, updated {updated})", async () =>
    {
        await ProcessAllAvailableAsync().ConfigureAwait(false);
        var progress = Query!.LastProgress ?? throw Failure("a batch has run", "no batch ran");
        long updatedSince = 0;
        foreach (var batch in Query.RecentProgress)
        {
            if (batch.BatchId > _stateRowsCheckedBatch)
            {
                updatedSince += Operator(batch, operatorName).NumRowsUpdated;
            }
        }

        _stateRowsCheckedBatch = progress.BatchId;
        var op = Operator(progress, operatorName);
        Expect(
            op.NumRowsTotal == total && updatedSince == updated,
            $"{operatorName} holds {total} state rows after batch {progress.BatchId} and {updated} were updated since the last check",
            $"{op.NumRowsTotal} rows, {updatedSince} updated");
    });

    /// <summary>In the last batch that read rows, operator <paramref name="operatorName"/> dropped <paramref name="rows"/> rows as late.</summary>
    public QueryTest<T> AssertRowsDroppedByWatermark(string operatorName, long rows) => Step($"AssertRowsDroppedByWatermark({operatorName}, {rows})", async () =>
    {
        await ProcessAllAvailableAsync().ConfigureAwait(false);
        var progress = LastDataProgress();
        var op = Operator(progress, operatorName);
        Expect(op.NumRowsDroppedByWatermark == rows, $"{operatorName} dropped {rows} late rows in batch {progress.BatchId}", op.NumRowsDroppedByWatermark.ToString(CultureInfo.InvariantCulture));
    });

    /// <summary>The query's last progress satisfies <paramref name="predicate"/>.</summary>
    public QueryTest<T> AssertProgress(Func<StreamingQueryProgress, bool> predicate, string description = "the progress matches")
    {
        ArgumentNullException.ThrowIfNull(predicate);
        return Step($"AssertProgress({description})", async () =>
        {
            await ProcessAllAvailableAsync().ConfigureAwait(false);
            var progress = Query!.LastProgress ?? throw Failure(description, "no batch ran");
            Expect(predicate(progress), description, progress.Json);
        });
    }

    /// <summary>Runs <paramref name="assertion"/> on the query (after processing everything available).</summary>
    public QueryTest<T> Assert(Action<StreamingQuery> assertion, string description = "custom assertion")
    {
        ArgumentNullException.ThrowIfNull(assertion);
        return Step($"Assert({description})", async () =>
        {
            await ProcessAllAvailableAsync().ConfigureAwait(false);
            assertion(Query!);
        });
    }

    /// <summary>Stops the query (after the batch in flight).</summary>
    public QueryTest<T> StopQuery() => Step("StopQuery", async () =>
    {
        if (Query is not null)
        {
            await Query.StopAsync().WaitAsync(StepTimeout).ConfigureAwait(false);
        }
    });

    /// <summary>Starts the query again from its checkpoint, optionally with another trigger.</summary>
    public QueryTest<T> StartQuery(Trigger? trigger = null) => Step($"StartQuery({trigger ?? _trigger})", async () =>
    {
        if (trigger is not null)
        {
            _trigger = trigger;
        }

        if (Query is { IsActive: true })
        {
            throw Failure("the query is stopped before StartQuery", "it is running");
        }

        await StartAsync().ConfigureAwait(false);
    });

    /// <summary>The query fails (now or in a coming batch) with <typeparamref name="TException"/> (or an exception caused by one).</summary>
    public QueryTest<T> ExpectFailure<TException>(Func<TException, bool>? predicate = null)
        where TException : Exception => Step($"ExpectFailure<{typeof(TException).Name}>", async () =>
    {
        await EnsureStartedAsync().ConfigureAwait(false);
        try
        {
            await Query!.TerminationTask.WaitAsync(StepTimeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw Failure($"the query fails with {typeof(TException).Name}", "it is still running");
        }

        for (var e = Query.Exception; e is not null; e = e.InnerException)
        {
            if (e is TException match && (predicate is null || predicate(match)))
            {
                return;
            }
        }

        throw Failure($"the query fails with {typeof(TException).Name}", Query.Exception?.ToString() ?? "it stopped without failing");
    });

    /// <summary>Starting the query is refused with a <see cref="StreamingQueryException"/> whose message contains <paramref name="messagePart"/>.</summary>
    public QueryTest<T> ExpectStartRefused(string messagePart) => Step($"ExpectStartRefused(\"{messagePart}\")", async () =>
    {
        try
        {
            await StartAsync().ConfigureAwait(false);
        }
        catch (StreamingQueryException e) when (e.Message.Contains(messagePart, StringComparison.Ordinal))
        {
            Log($"  refused: {e.Message}");
            return;
        }
        catch (StreamingQueryException e)
        {
            throw Failure($"a refusal mentioning \"{messagePart}\"", e.Message);
        }

        throw Failure($"a refusal mentioning \"{messagePart}\"", "the query started");
    });

    /// <summary>Runs the steps in order; stops the query at the end.</summary>
    public async Task RunAsync()
    {
        try
        {
            for (var i = 0; i < _steps.Count; i++)
            {
                var (description, run) = _steps[i];
                Log($"step {i + 1}/{_steps.Count}: {description}");
                try
                {
                    await run().ConfigureAwait(false);
                }
                catch (Exception e)
                {
                    var message = new StringBuilder()
                        .Append(CultureInfo.InvariantCulture, $"Step {i + 1} of {_steps.Count} failed: {description}\n")
                        .Append(e is ExpectationFailedException ? e.Message : e.ToString())
                        .Append("\n\nSteps:\n");
                    for (var j = 0; j < _steps.Count; j++)
                    {
                        message.Append(j == i ? "=> " : "   ").Append(_steps[j].Description).Append('\n');
                    }

                    message.Append("\nBatches committed:\n");
                    foreach (var (epoch, rows) in Sink.Batches)
                    {
                        message.Append(CultureInfo.InvariantCulture, $"  {epoch}: {Show(rows)}\n");
                    }

                    if (Query is not null)
                    {
                        message.Append(CultureInfo.InvariantCulture, $"\nQuery: active = {Query.IsActive}, status = {Query.Status}, batches run = {Query.RecentProgress.Count}\n");
                        if (Query.Exception is { } failure)
                        {
                            message.Append(CultureInfo.InvariantCulture, $"Query failure: {failure}\n");
                        }
                    }

                    Log(message.ToString());
                    throw new ExpectationFailedException(message.ToString());
                }
            }
        }
        finally
        {
            if (Query is not null)
            {
                await Query.StopAsync().WaitAsync(StepTimeout).ConfigureAwait(false);
            }
        }
    }

    private QueryTest<T> Step(string description, Func<Task> run)
    {
        _steps.Add((description, run));
        return this;
    }

    private async Task AddAtomicallyAsync(Action add)
    {
        await EnsureStartedAsync().ConfigureAwait(false);
        if (!Query!.IsActive)
        {
            add(); // stopped: the data waits for the next start
            return;
        }

        using (await Query.Control!.HoldPlanningAsync(CancellationToken.None).ConfigureAwait(false))
        {
            add();
        }
    }

    private async Task EnsureStartedAsync()
    {
        if (Query is null)
        {
            await StartAsync().ConfigureAwait(false);
        }
    }

    private async Task StartAsync()
    {
        var writer = _configure(_stream.WriteStream()
            .OutputMode(_mode)
            .Trigger(_trigger)
            .CheckpointLocation(_checkpoint)
            .Clock(Clock)
            .Manager(Manager));
        Query = null;
        var query = await writer.StartAsync(Sink).WaitAsync(StepTimeout).ConfigureAwait(false);
        Query = query;
        Log($"  started {query}");
        await IdleAsync().ConfigureAwait(false); // the first trigger happens at the current clock time, before any step moves it
    }

    private async Task ProcessAllAvailableAsync()
    {
        await EnsureStartedAsync().ConfigureAwait(false);
        if (!Query!.IsActive)
        {
            if (Query.Exception is { } failure)
            {
                throw Failure("the query is running", $"it failed: {failure}");
            }

            return;
        }

        await IdleAsync().ConfigureAwait(false);
    }

    private async Task IdleAsync()
    {
        var before = Query!.RecentProgress.Count;
        try
        {
            await Query.ProcessAllAvailableAsync().WaitAsync(StepTimeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw Failure($"the query processes the available data within {StepTimeout}", $"status: {Query.Status}");
        }

        foreach (var progress in Query.RecentProgress.Skip(before))
        {
            Log($"  batch {progress.BatchId}: {progress.NumInputRows} input rows, {progress.Sink.NumOutputRows} output rows, watermark {progress.EventTime.GetValueOrDefault("watermark") ?? "-"}");
        }
    }

    private StreamingQueryProgress LastDataProgress() =>
        Query!.RecentProgress.LastOrDefault(p => p.NumInputRows > 0) ?? throw Failure("a batch that read rows", "none ran");

    private static StateOperatorProgress Operator(StreamingQueryProgress progress, string name) =>
        progress.StateOperators.FirstOrDefault(o => o.OperatorName == name)
        ?? throw Failure($"a stateful operator named '{name}'", "operators: " + string.Join(", ", progress.StateOperators.Select(o => o.OperatorName)));

    private static void Compare(string what, IReadOnlyList<T> expected, IReadOnlyList<T> arrived)
    {
        var missing = new List<T>(expected);
        var extra = new List<T>();
        foreach (var row in arrived)
        {
            var index = missing.FindIndex(m => EqualityComparer<T>.Default.Equals(m, row));
            if (index >= 0)
            {
                missing.RemoveAt(index);
            }
            else
            {
                extra.Add(row);
            }
        }

        if (missing.Count > 0 || extra.Count > 0)
        {
            throw Failure($"{what} = {Show(expected)}", $"{Show(arrived)}\n  missing: {Show(missing)}\n  unexpected: {Show(extra)}");
        }
    }

    private static void Expect(bool condition, string expected, string arrived)
    {
        if (!condition)
        {
            throw Failure(expected, arrived);
        }
    }

    private static ExpectationFailedException Failure(string expected, string arrived) =>
        new($"Expected: {expected}\nArrived:  {arrived}");

    private static string Show<TRow>(IEnumerable<TRow> rows) => "[" + string.Join(", ", rows.Select(r => r?.ToString() ?? "null")) + "]";

    private static string Iso(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private void Log(string line)
    {
        try
        {
            _output?.WriteLine(line);
        }
        catch (InvalidOperationException)
        {
            // the test has finished: xunit no longer takes output
        }
    }
}
