using Sluice.Graphs;
using Sluice.Graphs.Dsl;
using Sluice.Graphs.Stage;

namespace Sluice.TestKit.Streams;

/// <summary>Sinks for stream tests.</summary>
public static class TestSink
{
    /// <summary>A sink that materializes a <see cref="TestSubscriberProbe{T}"/>; it requests nothing until told to.</summary>
    public static Sink<T, TestSubscriberProbe<T>> Probe<T>(TimeSpan? timeout = null) =>
        Sink.FromGraph(new ProbeSink<T>(timeout ?? TimeSpan.FromSeconds(3)));

    private sealed class ProbeSink<T>(TimeSpan timeout) : GraphStageWithMaterializedValue<SinkShape<T>, TestSubscriberProbe<T>>
    {
        private readonly Inlet<T> _in = new("test-sink.in");

        public override SinkShape<T> Shape => new(_in);

        protected override Attributes InitialAttributes => Attributes.Create(new Attributes.Name("test-sink"));

        public override (GraphStageLogic Logic, TestSubscriberProbe<T> MaterializedValue) CreateLogicAndMaterializedValue(Attributes inheritedAttributes)
        {
            var probe = new TestSubscriberProbe<T>(timeout);
            return (new Logic(Shape, _in, probe), probe);
        }

        private sealed class Logic : GraphStageLogic
        {
            private readonly Inlet<T> _in;
            private readonly TestSubscriberProbe<T> _probe;
            private long _demand;

            public Logic(SinkShape<T> shape, Inlet<T> inlet, TestSubscriberProbe<T> probe)
                : base(shape)
            {
                _in = inlet;
                _probe = probe;
                SetHandler(inlet, this);
                probe.Bind(GetAsyncCallback<long>(OnRequest), GetAsyncCallback<Exception?>(cause => CancelStage(cause)));
            }

            public override void PreStart() => _probe.OnSubscribe();

            private void OnRequest(long n)
            {
                _demand += n;
                if (!IsClosed(_in) && !HasBeenPulled(_in))
                {
                    Pull(_in);
                }
            }

            public override void OnPush()
            {
                _probe.OnNext(Grab(_in));
                _demand--;
                if (_demand > 0)
                {
                    Pull(_in);
                }
            }

            public override void OnUpstreamFinish()
            {
                _probe.OnComplete();
                CompleteStage();
            }

            public override void OnUpstreamFailure(Exception cause)
            {
                _probe.OnError(cause);
                FailStage(cause);
            }
        }
    }
}
