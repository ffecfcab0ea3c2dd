using Sluice.Graphs.Stage;
using Sluice.Graphs.Supervision;

namespace Sluice.Graphs.Stages;

/// <summary>Expands each element into a sequence and emits its items one per pull; honours supervision.</summary>
internal sealed class SelectMany<TIn, TOut>(Func<TIn, IEnumerable<TOut>> f) : LinearStage<TIn, TOut>("select-many")
{
    protected override GraphStageLogic CreateLogic(Attributes inheritedAttributes) => new Logic(this, f);

    private sealed class Logic(SelectMany<TIn, TOut> stage, Func<TIn, IEnumerable<TOut>> f) : LinearLogic<TIn, TOut>(stage)
    {
        private IEnumerator<TOut>? _current;

        public override void OnPush()
        {
            try
            {
                _current = f(Grab(In)).GetEnumerator();
            }
            catch (Exception e)
            {
                SuperviseAndContinue(e);
                return;
            }

            EmitNext();
        }

        public override void OnPull() => EmitNext();

        public override void OnUpstreamFinish()
        {
            if (_current is null)
            {
                CompleteStage();
            }
        }

        private void EmitNext()
        {
            if (_current is null)
            {
                Pull(In);
                return;
            }

            bool has;
            try
            {
                has = _current.MoveNext();
            }
            catch (Exception e)
            {
                DisposeCurrent();
                SuperviseAndContinue(e);
                return;
            }

            if (has)
            {
                Push(Out, _current.Current);
                return;
            }

            DisposeCurrent();
            if (IsClosed(In))
            {
                CompleteStage();
            }
            else
            {
                Pull(In);
            }
        }

        private void SuperviseAndContinue(Exception e)
        {
            if (Supervise(e) == SupervisionDirective.Stop)
            {
                return;
            }

            if (IsClosed(In))
            {
                CompleteStage();
            }
            else
            {
                Pull(In);
            }
        }

        private void DisposeCurrent()
        {
            _current?.Dispose();
            _current = null;
        }

        public override void PostStop() => DisposeCurrent();
    }
}
