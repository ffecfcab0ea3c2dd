using Sluice.Graphs.Stage;
using Sluice.Graphs.Stages;

namespace Sluice.Graphs.Control;

/// <summary>A pass-through stage that a kill switch can complete or fail from any thread.</summary>
internal sealed class KillSwitchStage<T, TSwitch>(Func<KillSwitchStage<T, TSwitch>.Handle, TSwitch> bind, string name)
    : GraphStageWithMaterializedValue<FlowShape<T, T>, TSwitch>
{
    private readonly Inlet<T> _in = new(name + ".in");
    private readonly Outlet<T> _out = new(name + ".out");

    public override FlowShape<T, T> Shape => new(_in, _out);

    protected override Attributes InitialAttributes => Attributes.Create(new Attributes.Name(name));

    public override (GraphStageLogic Logic, TSwitch MaterializedValue) CreateLogicAndMaterializedValue(Attributes inheritedAttributes)
    {
        var logic = new Logic(this);
        return (logic, bind(logic.Control));
    }

    /// <summary>The thread-safe way into one materialized kill-switch stage.</summary>
    internal sealed class Handle(AsyncCallback<Exception?> callback)
    {
        public void Trigger(Exception? cause) => callback.Invoke(cause);
    }

    private sealed class Logic : GraphStageLogic
    {
        private readonly Inlet<T> _in;
        private readonly Outlet<T> _out;

        public Logic(KillSwitchStage<T, TSwitch> stage)
            : base(stage.Shape)
        {
            _in = stage._in;
            _out = stage._out;
            SetHandlers(_in, _out, this);
            Control = new Handle(GetAsyncCallback<Exception?>(cause =>
            {
                if (cause is null)
                {
                    CompleteStage();
                }
                else
                {
                    FailStage(cause);
                }
            }));
        }

        public Handle Control { get; }

        public override void OnPush() => Push(_out, Grab(_in));

        public override void OnPull() => Pull(_in);
    }
}
