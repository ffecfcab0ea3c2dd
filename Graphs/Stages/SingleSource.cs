using Sluice.Graphs.Stage;

namespace Sluice.Graphs.Stages;

/// <summary>Emits one element, then completes.</summary>
internal sealed class SingleSource<T>(T element) : SourceStage<T>("single")
{
    protected override GraphStageLogic CreateLogic(Attributes inheritedAttributes) => new Logic(this, element);

    private sealed class Logic : GraphStageLogic
    {
        private readonly Outlet<T> _out;
        private readonly T _element;

        public Logic(SingleSource<T> stage, T element)
            : base(stage.Shape)
        {
            _out = stage.Out;
            _element = element;
            SetHandler(_out, this);
        }

        public override void OnPull()
        {
            Push(_out, _element);
            CompleteStage();
        }
    }
}
