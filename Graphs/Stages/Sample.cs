using Sluice.Graphs.Stage;

namespace Sluice.Graphs.Stages;

/// <summary>Emits the most recent element once per interval (if a new one arrived); drops the others.</summary>
internal sealed class Sample<T>(TimeSpan interval) : LinearStage<T, T>("sample")
{
    public TimeSpan Interval { get; } = interval;

    protected override GraphStageLogic CreateLogic(Attributes inheritedAttributes) => new Logic(this);

    private sealed class Logic(Sample<T> stage) : PassThroughTimerLogic<T>(stage)
    {
        private static readonly object TimerKey = new();
        private T _latest = default!;
        private bool _fresh;
        private bool _due;

        public override void PreStart()
        {
            ScheduleAtFixedRate(TimerKey, stage.Interval, stage.Interval);
            Pull(In);
        }

        public override void OnPush()
        {
            _latest = Grab(In);
            _fresh = true;
            Pull(In);
        }

        public override void OnPull()
        {
            if (_due)
            {
                TryEmit();
            }
        }

        protected override void OnTimer(object timerKey)
        {
            _due = true;
            TryEmit();
        }

        private void TryEmit()
        {
            if (!_fresh || !IsAvailable(Out))
            {
                return;
            }

            _due = false;
            _fresh = false;
            var element = _latest;
            _latest = default!;
            Push(Out, element);
        }

        public override void OnUpstreamFinish()
        {
            if (_fresh)
            {
                var element = _latest;
                _fresh = false;
                Emit(Out, element, CompleteStage);
            }
            else
            {
                CompleteStage();
            }
        }
    }
}
