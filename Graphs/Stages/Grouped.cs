using Sluice.Graphs.Stage;

namespace Sluice.Graphs.Stages;

/// <summary>Emits lists of n elements (the last one may be shorter).</summary>
internal sealed class Grouped<T>(int size) : LinearStage<T, IReadOnlyList<T>>("grouped")
{
    protected override GraphStageLogic CreateLogic(Attributes inheritedAttributes) => new Logic(this, size);

    private sealed class Logic(Grouped<T> stage, int size) : LinearLogic<T, IReadOnlyList<T>>(stage)
    {
        private List<T> _group = new(size);

        public override void OnPush()
        {
            _group.Add(Grab(In));
            if (_group.Count < size)
            {
                Pull(In);
                return;
            }

            var full = _group;
            _group = new List<T>(size);
            Push(Out, full);
        }

        public override void OnUpstreamFinish()
        {
            if (_group.Count > 0)
            {
                Emit(Out, _group, CompleteStage);
            }
            else
            {
                CompleteStage();
            }
        }
    }
}
