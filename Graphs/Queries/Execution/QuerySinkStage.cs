using System.Threading.Channels;
using Sluice.Graphs.State;
using Sluice.Graphs.Stage;
using Sluice.Graphs.Stages;

namespace Sluice.Graphs.Queries.Execution;

/// <summary>
/// The end of a compiled query: collects the rows of each epoch and, on barrier N, hands them to the coordinator
/// (which pre-commits them to the query sink, logs the commit and commits the sink). In continuous mode it also hands
/// on, at each flush marker, the rows produced since the previous one (a chunk, written to the query sink at once).
/// The stream's failure or completion completes the channel, which ends the query.
/// Emits: nothing. Backpressures when: never (an epoch's rows are bounded by the batch). Completes when: upstream completes.
/// </summary>
internal sealed class QuerySinkStage<T>(ChannelWriter<EpochOutput<T>> epochs, bool keepContinuousRows, bool stageInChunks) : SinkStage<Element<T>, NotUsed>("query-sink")
{
    /// <summary>How many rows a staging chunk holds (one segment of a row list of references).</summary>
    internal const int StageChunkRows = 8192;

    public override (GraphStageLogic Logic, NotUsed MaterializedValue) CreateLogicAndMaterializedValue(Attributes inheritedAttributes) =>
        (new Logic(this, epochs, keepContinuousRows, stageInChunks), NotUsed.Instance);

    private sealed class Logic : GraphStageLogic
    {
        private readonly Inlet<Element<T>> _in;
        private readonly ChannelWriter<EpochOutput<T>> _epochs;
        private readonly bool _keepContinuousRows; // false: the query sink takes continuous rows only in chunks
        private readonly bool _stageInChunks; // the query sink stages an epoch's rows in chunks as they come
        private RowList<T> _rows = new();
        private int _numRows;
        private EpochFacts? _epoch;
        private RowList<T> _chunk = new(); // continuous mode: rows since the last flush
        private long _lastIngressTicks;

        public Logic(QuerySinkStage<T> stage, ChannelWriter<EpochOutput<T>> epochs, bool keepContinuousRows, bool stageInChunks)
            : base(stage.Shape)
        {
            _in = stage.In;
            _epochs = epochs;
            _keepContinuousRows = keepContinuousRows;
            _stageInChunks = stageInChunks;
            SetHandler(_in, onPush: OnElement, onUpstreamFinish: () =>
            {
                _epochs.TryComplete();
                CompleteStage();
            }, onUpstreamFailure: e =>
            {
                _epochs.TryComplete(e);
                FailStage(e);
            });
        }

        public override void PreStart() => Pull(_in);

        public override void PostStop() => _epochs.TryComplete(new StreamingQueryException("The query's stream stopped."));

        private void OnElement()
        {
            var element = Grab(_in);
            switch (element.Kind)
            {
                case ElementKind.Row:
                    _numRows++;
                    if (_lastIngressTicks < 0)
                    {
                        _rows.Add(element.Value);
                        if (_stageInChunks && _rows.Count == StageChunkRows)
                        {
                            _epochs.TryWrite(new EpochOutput<T>(_epoch!, _rows) { IsStaged = true, NumRows = _rows.Count });
                            _rows = new();
                        }
                    }
                    else
                    {
                        _chunk.Add(element.Value);
                        if (_keepContinuousRows)
                        {
                            _rows.Add(element.Value);
                        }
                    }

                    break;
                case ElementKind.EpochStart:
                    _epoch = element.Epoch;

                    // Only continuous epochs hand chunks on; -1 marks a micro-batch epoch.
                    _lastIngressTicks = element.Epoch!.IsContinuous ? 0 : -1;
                    break;
                case ElementKind.Flush:
                    _lastIngressTicks = element.IngressTicks;
                    HandChunk(element.Epoch!);
                    break;
                case ElementKind.Barrier:
                    if (_lastIngressTicks >= 0)
                    {
                        HandChunk(element.Epoch!);
                    }

                    _epochs.TryWrite(new EpochOutput<T>(element.Epoch!, _rows) { NumRows = _numRows });
                    _rows = new();
                    _numRows = 0;
                    break;
            }

            Pull(_in);
        }

        private void HandChunk(EpochFacts epoch)
        {
            if (_chunk.Count == 0)
            {
                return;
            }

            _epochs.TryWrite(new EpochOutput<T>(epoch, _chunk) { IsChunk = true, IngressTicks = _lastIngressTicks, NumRows = _chunk.Count });
            _chunk = new();
        }
    }
}

/// <summary>
/// The rows a query produced in one epoch; or, in continuous mode, a chunk of them to write at
/// once (<see cref="IsChunk"/>: the rows produced between two flushes; they come again in the epoch's output).
/// </summary>
internal sealed record EpochOutput<T>(EpochFacts Epoch, RowList<T> Rows)
{
    /// <summary>True for a continuous-mode chunk, false for the whole output of an epoch (at its barrier).</summary>
    public bool IsChunk { get; init; }

    /// <summary>True for a chunk of a micro-batch epoch's rows for a sink that stages in chunks (before the epoch's own output).</summary>
    public bool IsStaged { get; init; }

    /// <summary>How many rows the epoch (or chunk) produced: more than <see cref="Rows"/> holds when a continuous epoch's rows went to the sink in chunks only.</summary>
    public int NumRows { get; init; }

    /// <summary>A chunk's ingress time (Stopwatch ticks when the rows it came from entered the query).</summary>
    public long IngressTicks { get; init; }

    /// <summary>The end-to-end latencies of the epoch's rows handed over in chunks (continuous mode), set by the chunk writer.</summary>
    public LatencyRecorder? Latency { get; set; }
}
