using Sluice.Graphs.Stage;

namespace Sluice.Graphs.Stages;

/// <summary>Emits the same element forever.</summary>
internal sealed class RepeatSource<T>(T element) : SourceStage<T>("repeat")
{
    protected override GraphStageLogic CreateLogic(Attributes inheritedAttributes) => new Logic(this, element);

    private sealed class Logic : GraphStageLogic
    {
        private readonly Outlet<T> _out;
        private readonly T _element;

        public Logic(RepeatSource<T> stage, T element)
            : base(stage.Shape)
        {
            _out = stage.Out;
            _element = element;
            SetHandler(_out, this);
        }

        public override void OnPull() => Push(_out, _element);
    }
}
