using Sluice.Graphs.Stage;

namespace Sluice.Graphs.Stages;

/// <summary>Injects an element when downstream waits and nothing passed for the given interval.</summary>
internal sealed class KeepAlive<T>(TimeSpan interval, Func<T> inject) : LinearStage<T, T>("keep-alive")
{    public Func<T> Inject { get; } = inject;

    public TimeSpan Interval { get; } = interval;


    protected override GraphStageLogic CreateLogic(Attributes inheritedAttributes) => new Logic(this);

    private sealed class Logic(KeepAlive<T> stage) : PassThroughTimerLogic<T>(stage)
    {
        private static readonly object TimerKey = new();
        private long _last;

        public override void PreStart() => _last = NowTicks;

        public override void OnPush()
        {
            _last = NowTicks;
            CancelTimer(TimerKey);
            Push(Out, Grab(In));
        }

        public override void OnPull()
        {
            if (!HasBeenPulled(In))
            {
                Pull(In);
            }

            ScheduleIdleCheck();
        }

        protected override void OnTimer(object timerKey)
        {
            if (!IsAvailable(Out))
            {
                return;
            }

            if (NowTicks - _last >= stage.Interval.Ticks)
            {
                _last = NowTicks;
                Push(Out, stage.Inject());
            }
            else
            {
                ScheduleIdleCheck();
            }
        }

        private void ScheduleIdleCheck() =>
            ScheduleOnce(TimerKey, TimeSpan.FromTicks(Math.Max(0, stage.Interval.Ticks - (NowTicks - _last))));
    }
}
