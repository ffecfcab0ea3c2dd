using Sluice.Graphs.Dsl;
using Sluice.Graphs.Stage;

namespace Sluice.Graphs.Stages;

/// <summary>
/// Lets a stage consume a source it materializes at run time (RecoverWith, RestartSource, RestartFlow): the
/// source runs in its own island, ending in a small sink stage; demand goes there and elements come back through
/// async callbacks, so the parent's handlers still run one at a time on the parent's thread.
/// </summary>
internal sealed class SubSinkInlet<T>
{
    private readonly AsyncCallback<T> _onPush;
    private readonly AsyncCallback<Exception?> _onEnd;
    private readonly Action<T> _push;
    private readonly Action _complete;
    private readonly Action<Exception> _fail;
    private AsyncCallback<bool>? _control;
    private bool _pulled;

    public SubSinkInlet(GraphStageLogic parent, Action<T> onPush, Action onComplete, Action<Exception> onFailure)
    {
        _push = onPush;
        _complete = onComplete;
        _fail = onFailure;
        _onPush = parent.CreateCallback<T>(e =>
        {
            _pulled = false;
            if (!IsClosed)
            {
                _push(e);
            }
        });
        _onEnd = parent.CreateCallback<Exception?>(error =>
        {
            if (IsClosed)
            {
                return;
            }

            IsClosed = true;
            if (error is null)
            {
                _complete();
            }
            else
            {
                _fail(error);
            }
        });
    }

    public bool IsClosed { get; private set; } = true;

    public bool HasBeenPulled => _pulled;

    /// <summary>Starts <paramref name="source"/> with the parent's materializer.</summary>
    public void Materialize<TMat>(IGraph<SourceShape<T>, TMat> source, Materializer materializer)
    {
        IsClosed = false;
        _pulled = false;
        var stage = new Stage(this);
        Source.FromGraph(source).To(stage).Run(materializer);
    }

    public void Pull()
    {
        if (IsClosed || _pulled)
        {
            return;
        }

        _pulled = true;
        _control!.Invoke(true);
    }

    public void Cancel()
    {
        if (IsClosed)
        {
            return;
        }

        IsClosed = true;
        _control!.Invoke(false);
    }

    private sealed class Stage(SubSinkInlet<T> owner) : GraphStage<SinkShape<T>>
    {
        private readonly Inlet<T> _in = new("sub-sink.in");

        public override SinkShape<T> Shape => new(_in);

        protected override Attributes InitialAttributes => Attributes.Create(new Attributes.Name("sub-sink"));

        protected override GraphStageLogic CreateLogic(Attributes inheritedAttributes) => new Logic(Shape, _in, owner);

        private sealed class Logic : GraphStageLogic
        {
            private readonly Inlet<T> _in;
            private readonly SubSinkInlet<T> _owner;

            public Logic(SinkShape<T> shape, Inlet<T> inlet, SubSinkInlet<T> owner)
                : base(shape)
            {
                _in = inlet;
                _owner = owner;
                SetHandler(inlet, this);
                owner._control = GetAsyncCallback<bool>(pull =>
                {
                    if (!pull)
                    {
                        CancelStage(null);
                    }
                    else if (!IsClosed(_in) && !HasBeenPulled(_in))
                    {
                        Pull(_in);
                    }
                });
            }

            public override void OnPush() => _owner._onPush.Invoke(Grab(_in));

            public override void OnUpstreamFinish()
            {
                _owner._onEnd.Invoke(null);
                CompleteStage();
            }

            public override void OnUpstreamFailure(Exception cause)
            {
                _owner._onEnd.Invoke(cause);
                FailStage(cause);
            }
        }
    }
}
