using Sluice.Graphs.Stage;

namespace Sluice.Graphs.Stages;

/// <summary>Shifts each element by a fixed delay after its arrival; holds at most 16 (then backpressures).</summary>
internal sealed class Delay<T>(TimeSpan delay) : LinearStage<T, T>("delay")
{    public TimeSpan Shift { get; } = delay;


    private const int Capacity = 16;

    protected override GraphStageLogic CreateLogic(Attributes inheritedAttributes) => new Logic(this);

    private sealed class Logic(Delay<T> stage) : PassThroughTimerLogic<T>(stage)
    {
        private static readonly object TimerKey = new();
        private readonly RingBuffer<(T Element, long Due)> _buffer = new(Capacity);

        public override void PreStart() => Pull(In);

        public override void OnPush()
        {
            _buffer.Enqueue((Grab(In), NowTicks + stage.Shift.Ticks));
            if (!_buffer.IsFull)
            {
                Pull(In);
            }

            Schedule();
        }

        public override void OnPull() => TryPush();

        protected override void OnTimer(object timerKey) => TryPush();

        public override void OnUpstreamFinish()
        {
            if (_buffer.IsEmpty)
            {
                CompleteStage();
            }
        }

        private void TryPush()
        {
            if (!_buffer.IsEmpty && IsAvailable(Out) && _buffer.Peek().Due <= NowTicks)
            {
                Push(Out, _buffer.Dequeue().Element);
                if (!IsClosed(In) && !HasBeenPulled(In))
                {
                    Pull(In);
                }
            }

            if (_buffer.IsEmpty && IsClosed(In))
            {
                CompleteStage();
                return;
            }

            Schedule();
        }

        private void Schedule()
        {
            if (_buffer.IsEmpty || IsTimerActive(TimerKey))
            {
                return;
            }

            var wait = _buffer.Peek().Due - NowTicks;
            if (wait > 0)
            {
                ScheduleOnce(TimerKey, TimeSpan.FromTicks(wait));
            }
        }
    }
}
