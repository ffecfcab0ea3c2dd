using Sluice.Graphs.Dsl;
using Sluice.Graphs.Stage;

namespace Sluice.Graphs.Stages;

/// <summary>
/// Lets a stage feed a flow or sink it materializes at run time (RestartFlow, RestartSink): the sub-graph starts
/// with a small source stage in its own island; its pulls and its cancellation come back to the parent through
/// async callbacks, the parent's elements go there the same way.
/// </summary>
internal sealed class SubSourceOutlet<T>
{
    private readonly AsyncCallback<bool> _onPull;
    private AsyncCallback<(int Kind, T Element, Exception? Error)>? _control;
    private bool _available;

    public SubSourceOutlet(GraphStageLogic parent, Action onPull, Action onCancel)
    {
        _onPull = parent.CreateCallback<bool>(pulled =>
        {
            if (IsClosed)
            {
                return;
            }

            if (pulled)
            {
                _available = true;
                onPull();
            }
            else
            {
                IsClosed = true;
                _available = false;
                onCancel();
            }
        });
    }

    public bool IsClosed { get; private set; } = true;

    /// <summary>Whether the sub-graph pulled and may receive an element now.</summary>
    public bool IsAvailable => _available && !IsClosed;

    /// <summary>The source to put in front of the sub-graph; materialize it once per outlet.</summary>
    public Source<T, NotUsed> Source()
    {
        IsClosed = false;
        _available = false;
        return Dsl.Source.FromGraph(new Stage(this));
    }

    public void Push(T element)
    {
        _available = false;
        _control!.Invoke((0, element, null));
    }

    public void Complete()
    {
        if (!IsClosed)
        {
            IsClosed = true;
            _control?.Invoke((1, default!, null));
        }
    }

    public void Fail(Exception error)
    {
        if (!IsClosed)
        {
            IsClosed = true;
            _control?.Invoke((2, default!, error));
        }
    }

    private sealed class Stage(SubSourceOutlet<T> owner) : GraphStage<SourceShape<T>>
    {
        private readonly Outlet<T> _out = new("sub-source.out");

        public override SourceShape<T> Shape => new(_out);

        protected override Attributes InitialAttributes => Attributes.Create(new Attributes.Name("sub-source"));

        protected override GraphStageLogic CreateLogic(Attributes inheritedAttributes) => new Logic(Shape, _out, owner);

        private sealed class Logic : GraphStageLogic
        {
            private readonly Outlet<T> _out;
            private readonly SubSourceOutlet<T> _owner;

            public Logic(SourceShape<T> shape, Outlet<T> outlet, SubSourceOutlet<T> owner)
                : base(shape)
            {
                _out = outlet;
                _owner = owner;
                SetHandler(outlet, this);
                owner._control = GetAsyncCallback<(int Kind, T Element, Exception? Error)>(c =>
                {
                    switch (c.Kind)
                    {
                        case 0 when IsAvailable(_out):
                            Push(_out, c.Element);
                            break;
                        case 1:
                            CompleteStage();
                            break;
                        case 2:
                            FailStage(c.Error!);
                            break;
                    }
                });
            }

            public override void OnPull() => _owner._onPull.Invoke(true);

            public override void OnDownstreamFinish(Exception? cause)
            {
                _owner._onPull.Invoke(false);
                CancelStage(cause);
            }
        }
    }
}
