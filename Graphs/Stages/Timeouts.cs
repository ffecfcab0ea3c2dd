using Sluice.Graphs.Stage;

namespace Sluice.Graphs.Stages;

/// <summary>Which time limit a <see cref="Timeout{T}"/> stage enforces.</summary>
internal enum TimeoutKind
{
    Initial,
    Idle,
    Completion,
}

/// <summary>Passes elements through and fails the stream when a time limit is exceeded.</summary>
internal sealed class Timeout<T>(TimeSpan timeout, TimeoutKind kind)
    : LinearStage<T, T>(kind switch { TimeoutKind.Initial => "initial-timeout", TimeoutKind.Idle => "idle-timeout", _ => "completion-timeout" })
{
    public TimeoutKind Kind { get; } = kind;

    public TimeSpan Limit { get; } = timeout;

    protected override GraphStageLogic CreateLogic(Attributes inheritedAttributes) => new Logic(this);

    private sealed class Logic(Timeout<T> stage) : PassThroughTimerLogic<T>(stage)
    {
        private static readonly object TimerKey = new();
        private bool _seen;
        private long _last;

        public override void PreStart()
        {
            _last = NowTicks;
            if (stage.Kind == TimeoutKind.Idle)
            {
                var check = TimeSpan.FromTicks(Math.Max(1, stage.Limit.Ticks / 4));
                ScheduleAtFixedRate(TimerKey, check, check);
            }
            else
            {
                ScheduleOnce(TimerKey, stage.Limit);
            }
        }

        public override void OnPush()
        {
            if (!_seen)
            {
                _seen = true;
                if (stage.Kind == TimeoutKind.Initial)
                {
                    CancelTimer(TimerKey);
                }
            }

            _last = NowTicks;
            Push(Out, Grab(In));
        }

        protected override void OnTimer(object timerKey)
        {
            switch (stage.Kind)
            {
                case TimeoutKind.Initial when !_seen:
                    FailWithTimeout($"the first element did not arrive within {stage.Limit}.");
                    break;
                case TimeoutKind.Idle when NowTicks - _last >= stage.Limit.Ticks:
                    FailWithTimeout($"no element passed for {stage.Limit}.");
                    break;
                case TimeoutKind.Completion:
                    FailWithTimeout($"the stream did not complete within {stage.Limit}.");
                    break;
            }
        }
    }
}
