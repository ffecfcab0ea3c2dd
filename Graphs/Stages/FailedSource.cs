using Sluice.Graphs.Stage;

namespace Sluice.Graphs.Stages;

/// <summary>Completes at once (no error) or fails at once with the given exception.</summary>
internal sealed class FailedSource<T>(Exception? error) : SourceStage<T>(error is null ? "empty" : "failed")
{
    protected override GraphStageLogic CreateLogic(Attributes inheritedAttributes) => new Logic(this, error);

    private sealed class Logic : GraphStageLogic
    {
        private readonly Exception? _error;

        public Logic(FailedSource<T> stage, Exception? error)
            : base(stage.Shape)
        {
            _error = error;
            SetHandler(stage.Out, this);
        }

        public override void PreStart()
        {
            if (_error is null)
            {
                CompleteStage();
            }
            else
            {
                FailStage(_error);
            }
        }

        public override void OnPull()
        {
        }
    }
}
