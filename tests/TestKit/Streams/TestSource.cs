using Sluice.Graphs;
using Sluice.Graphs.Dsl;
using Sluice.Graphs.Stage;

namespace Sluice.TestKit.Streams;

/// <summary>Sources for stream tests.</summary>
public static class TestSource
{
    /// <summary>A source that materializes a <see cref="TestPublisherProbe{T}"/>: the test decides what it emits.</summary>
    public static Source<T, TestPublisherProbe<T>> Probe<T>(TimeSpan? timeout = null) =>
        Source.FromGraph(new ProbeSource<T>(timeout ?? TimeSpan.FromSeconds(3)));

    private sealed class ProbeSource<T>(TimeSpan timeout) : GraphStageWithMaterializedValue<SourceShape<T>, TestPublisherProbe<T>>
    {
        private readonly Outlet<T> _out = new("test-source.out");

        public override SourceShape<T> Shape => new(_out);

        protected override Attributes InitialAttributes => Attributes.Create(new Attributes.Name("test-source"));

        public override (GraphStageLogic Logic, TestPublisherProbe<T> MaterializedValue) CreateLogicAndMaterializedValue(Attributes inheritedAttributes)
        {
            var probe = new TestPublisherProbe<T>(timeout);
            return (new Logic(Shape, _out, probe), probe);
        }

        private sealed class Logic : GraphStageLogic
        {
            private readonly Outlet<T> _out;
            private readonly TestPublisherProbe<T> _probe;
            private readonly Queue<T> _pending = new();
            private bool _completing;

            public Logic(SourceShape<T> shape, Outlet<T> outlet, TestPublisherProbe<T> probe)
                : base(shape)
            {
                _out = outlet;
                _probe = probe;
                SetHandler(outlet, this);
                probe.Bind(GetAsyncCallback<T>(OnSend), GetAsyncCallback<Exception?>(OnEnd));
            }

            public override void PreStart() => _probe.OnSubscribe();

            public override void OnPull()
            {
                _probe.OnRequest();
                if (_pending.Count > 0)
                {
                    Push(_out, _pending.Dequeue());
                    if (_completing && _pending.Count == 0)
                    {
                        CompleteStage();
                    }
                }
            }

            public override void OnDownstreamFinish(Exception? cause)
            {
                _probe.OnCancel(cause);
                CancelStage(cause);
            }

            private void OnSend(T element)
            {
                if (_pending.Count == 0 && IsAvailable(_out))
                {
                    Push(_out, element);
                }
                else
                {
                    _pending.Enqueue(element);
                }
            }

            private void OnEnd(Exception? error)
            {
                if (error is not null)
                {
                    FailStage(error);
                    return;
                }

                _completing = true;
                if (_pending.Count == 0)
                {
                    CompleteStage();
                }
            }
        }
    }
}
