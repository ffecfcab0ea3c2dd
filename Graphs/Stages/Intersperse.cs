using Sluice.Graphs.Stage;

namespace Sluice.Graphs.Stages;

/// <summary>Emits an optional start element, the separator between elements, and an optional end element.</summary>
internal sealed class Intersperse<T>(T? start, T separator, T? end, bool hasStart, bool hasEnd) : LinearStage<T, T>("intersperse")
{    public T? End { get; } = end;

    public bool HasEnd { get; } = hasEnd;

    public bool HasStart { get; } = hasStart;

    public T Separator { get; } = separator;

    public T? Start { get; } = start;


    protected override GraphStageLogic CreateLogic(Attributes inheritedAttributes) => new Logic(this);

    private sealed class Logic(Intersperse<T> stage) : LinearLogic<T, T>(stage)
    {
        private bool _first = true;

        public override void OnPush()
        {
            var element = Grab(In);
            if (_first)
            {
                _first = false;
                if (stage.HasStart)
                {
                    Emit(Out, stage.Start!);
                }
            }
            else
            {
                Emit(Out, stage.Separator);
            }

            Emit(Out, element);
        }

        public override void OnUpstreamFinish()
        {
            if (_first && stage.HasStart)
            {
                Emit(Out, stage.Start!);
            }

            if (stage.HasEnd)
            {
                Emit(Out, stage.End!);
            }

            CompleteStage();
        }
    }
}
