using System.Text.Json;
using System.Text.Json.Serialization;

namespace Sluice.Graphs.Queries.Progress;

/// <summary>The progress of one batch (epoch), with Spark's field names (<c>StreamingQueryProgress</c>) plus end-to-end latency percentiles.</summary>
public sealed record StreamingQueryProgress
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = true,
    };

    /// <summary>The query's id, stable across restarts from the same checkpoint.</summary>
    public required Guid Id { get; init; }

    /// <summary>This run's id.</summary>
    public required Guid RunId { get; init; }

    /// <summary>The query's name, or null.</summary>
    public string? Name { get; init; }

    /// <summary>When the trigger started (ISO-8601).</summary>
    public required DateTimeOffset Timestamp { get; init; }

    /// <summary>The batch (epoch) id.</summary>
    public required long BatchId { get; init; }

    /// <summary>Input rows of the batch, over all sources.</summary>
    public long NumInputRows { get; init; }

    /// <summary>Input rows per second since the previous trigger.</summary>
    public double InputRowsPerSecond { get; init; }

    /// <summary>Input rows per second of batch processing time.</summary>
    public double ProcessedRowsPerSecond { get; init; }

    /// <summary>Milliseconds per phase: addBatch, getBatch, latestOffset, queryPlanning, triggerExecution, walCommit, commitOffsets.</summary>
    public IReadOnlyDictionary<string, long> DurationMs { get; init; } = new Dictionary<string, long>();

    /// <summary>Event-time statistics of the batch (min, max, avg as ISO-8601, watermark).</summary>
    public IReadOnlyDictionary<string, string> EventTime { get; init; } = new Dictionary<string, string>();

    /// <summary>Per stateful operator.</summary>
    public IReadOnlyList<StateOperatorProgress> StateOperators { get; init; } = [];

    /// <summary>Per source.</summary>
    public IReadOnlyList<SourceProgress> Sources { get; init; } = [];

    /// <summary>The sink.</summary>
    public required SinkProgress Sink { get; init; }

    /// <summary>
    /// End-to-end latency of the epoch's output rows in milliseconds, per row (p50, p99, max): for each row, the time
    /// from when the input rows it came from entered the query (the coordinator read them from their source) to when it
    /// was handed to the sink. In micro-batch mode a batch reads all its rows at its start and hands its output over at
    /// its commit, so the three are equal; in continuous mode rows are handed to the sink as they are produced
    /// (<see cref="Sinks.QuerySink{T}.WriteContinuousAsync"/>), and the percentiles are over the epoch's rows. Empty
    /// for an epoch without output rows.
    /// </summary>
    public IReadOnlyDictionary<string, double> LatencyMs { get; init; } = new Dictionary<string, double>();

    /// <summary>The progress as JSON with Spark's field names.</summary>
    [JsonIgnore]
    public string Json => JsonSerializer.Serialize(this, JsonOptions);

    /// <inheritdoc />
    public override string ToString() => Json;
}

/// <summary>Progress of one stateful operator in a batch (Spark's <c>StateOperatorProgress</c>).</summary>
public sealed record StateOperatorProgress(
    string OperatorName,
    long NumRowsTotal,
    long NumRowsUpdated,
    long NumRowsRemoved,
    long NumRowsDroppedByWatermark,
    long MemoryUsedBytes,
    int NumShards);

/// <summary>Progress of one source in a batch (Spark's <c>SourceProgress</c>); offsets as JSON text.</summary>
public sealed record SourceProgress(
    string Description,
    string? StartOffset,
    string EndOffset,
    string LatestOffset,
    long NumInputRows,
    double InputRowsPerSecond,
    double ProcessedRowsPerSecond);

/// <summary>Progress of the sink in a batch (Spark's <c>SinkProgress</c>).</summary>
public sealed record SinkProgress(string Description, long NumOutputRows);
