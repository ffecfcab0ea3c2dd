using Sluice.Graphs.Stage;

namespace Sluice.Graphs.Stages;

/// <summary>Extrapolates from the last element while downstream is faster than upstream.</summary>
internal sealed class Expand<TIn, TOut>(Func<TIn, IEnumerator<TOut>> extrapolate) : LinearStage<TIn, TOut>("expand")
{    public Func<TIn, IEnumerator<TOut>> Extrapolate { get; } = extrapolate;


    protected override GraphStageLogic CreateLogic(Attributes inheritedAttributes) => new Logic(this);

    private sealed class Logic(Expand<TIn, TOut> stage) : LinearLogic<TIn, TOut>(stage)
    {
        private IEnumerator<TOut>? _iterator;
        private bool _hasNext;
        private bool _expanded;

        public override void PreStart() => Pull(In);

        public override void OnPush()
        {
            _iterator?.Dispose();
            _iterator = stage.Extrapolate(Grab(In));
            _hasNext = _iterator.MoveNext();
            if (!_hasNext)
            {
                Pull(In);
                return;
            }

            if (IsAvailable(Out))
            {
                _expanded = true;
                Pull(In);
                Push(Out, Next());
            }
            else
            {
                _expanded = false;
            }
        }

        public override void OnUpstreamFinish()
        {
            if (!_hasNext || _expanded)
            {
                CompleteStage();
            }
        }

        public override void OnPull()
        {
            if (!_hasNext)
            {
                return;
            }

            if (_expanded)
            {
                Push(Out, Next());
                return;
            }

            _expanded = true;
            if (IsClosed(In))
            {
                Push(Out, Next());
                CompleteStage();
            }
            else
            {
                // Pull first, so a fast upstream replaces the element instead of it being expanded.
                Pull(In);
                Push(Out, Next());
            }
        }

        private TOut Next()
        {
            var value = _iterator!.Current;
            _hasNext = _iterator.MoveNext();
            return value;
        }

        public override void PostStop() => _iterator?.Dispose();
    }
}
