using Sluice.Graphs.Stage;

namespace Sluice.Graphs.Stages;

/// <summary>Emits elements computed from a state until the function returns null.</summary>
internal sealed class UnfoldSource<TState, T>(TState seed, Func<TState, (TState State, T Element)?> next) : SourceStage<T>("unfold")
{    public Func<TState, (TState State, T Element)?> Next { get; } = next;

    public TState Seed { get; } = seed;


    protected override GraphStageLogic CreateLogic(Attributes inheritedAttributes) => new Logic(this);

    private sealed class Logic : GraphStageLogic
    {
        private readonly Outlet<T> _out;
        private readonly Func<TState, (TState State, T Element)?> _next;
        private TState _state;

        public Logic(UnfoldSource<TState, T> stage)
            : base(stage.Shape)
        {
            _out = stage.Out;
            _state = stage.Seed;
            _next = stage.Next;
            SetHandler(_out, this);
        }

        public override void OnPull()
        {
            if (_next(_state) is { } step)
            {
                _state = step.State;
                Push(_out, step.Element);
            }
            else
            {
                CompleteStage();
            }
        }
    }
}
