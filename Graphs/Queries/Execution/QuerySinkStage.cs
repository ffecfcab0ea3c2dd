using System.Threading.Channels;
using Sluice.Graphs.Stage;
using Sluice.Graphs.Stages;

namespace Sluice.Graphs.Queries.Execution;

/// <summary>
/// The end of a compiled query: collects the rows of each epoch and, on barrier N, hands them to the coordinator
/// (which pre-commits them to the query sink, logs the commit and commits the sink). The stream's failure or
/// completion completes the channel, which ends the query.
/// Emits: nothing. Backpressures when: never (an epoch's rows are bounded by the batch). Completes when: upstream completes.
/// </summary>
internal sealed class QuerySinkStage<T>(ChannelWriter<EpochOutput<T>> epochs) : SinkStage<Element<T>, NotUsed>("query-sink")
{
    public override (GraphStageLogic Logic, NotUsed MaterializedValue) CreateLogicAndMaterializedValue(Attributes inheritedAttributes) =>
        (new Logic(this, epochs), NotUsed.Instance);

    private sealed class Logic : GraphStageLogic
    {
        private readonly Inlet<Element<T>> _in;
        private readonly ChannelWriter<EpochOutput<T>> _epochs;
        private List<T> _rows = [];
        private List<long> _eventTimes = [];

        public Logic(QuerySinkStage<T> stage, ChannelWriter<EpochOutput<T>> epochs)
            : base(stage.Shape)
        {
            _in = stage.In;
            _epochs = epochs;
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
                    _rows.Add(element.Value);
                    _eventTimes.Add(element.EventTimeMs);
                    break;
                case ElementKind.Barrier:
                    _epochs.TryWrite(new EpochOutput<T>(element.Epoch!, _rows, _eventTimes));
                    _rows = [];
                    _eventTimes = [];
                    break;
            }

            Pull(_in);
        }
    }
}

/// <summary>The rows a query produced in one epoch, with their event times.</summary>
internal sealed record EpochOutput<T>(EpochFacts Epoch, List<T> Rows, List<long> EventTimes);
