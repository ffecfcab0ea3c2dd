using Sluice.Graphs.Stage;

namespace Sluice.Graphs.Stages;

/// <summary>Drops elements while a predicate holds, then passes everything.</summary>
internal sealed class SkipWhile<T>(Func<T, bool> predicate) : LinearStage<T, T>("skip-while")
{
    protected override GraphStageLogic CreateLogic(Attributes inheritedAttributes) => new Logic(this, predicate);

    private sealed class Logic(SkipWhile<T> stage, Func<T, bool> predicate) : LinearLogic<T, T>(stage)
    {
        private bool _passing;

        public override void OnPush()
        {
            var element = Grab(In);
            if (!_passing && predicate(element))
            {
                Pull(In);
                return;
            }

            _passing = true;
            Push(Out, element);
        }
    }
}
