using Sluice.Graphs.Stage;

namespace Sluice.Graphs.Stages;

/// <summary>
/// Limits throughput with a token bucket: <c>cost</c> units per <c>per</c>, bursts up to <c>maximumBurst</c>.
/// Tokens go into debt for an element costlier than what is left; the next element waits until the debt is paid.
/// </summary>
internal sealed class Throttle<T>(int cost, TimeSpan per, int maximumBurst, Func<T, int> costOf, ThrottleMode mode)
    : LinearStage<T, T>("throttle")
{
    public int Cost { get; } = cost;
    public Func<T, int> CostOf { get; } = costOf;
    public int MaximumBurst { get; } = maximumBurst;
    public ThrottleMode Mode { get; } = mode;
    public TimeSpan Per { get; } = per;

    protected override GraphStageLogic CreateLogic(Attributes inheritedAttributes) => new Logic(this);

    private sealed class Logic(Throttle<T> stage) : PassThroughTimerLogic<T>(stage)
    {
        private static readonly object TimerKey = new();
        private readonly double _ticksPerToken = (double)stage.Per.Ticks / stage.Cost;
        private readonly long _capacity = Math.Max(1, stage.MaximumBurst);
        private double _tokens;
        private long _lastTicks;
        private T _held = default!;
        private bool _holding;

        public override void PreStart()
        {
            _tokens = _capacity;
            _lastTicks = NowTicks;
        }

        public override void OnPush()
        {
            var element = Grab(In);
            var delay = Offer(stage.CostOf(element));
            if (delay <= 0)
            {
                Push(Out, element);
                return;
            }

            if (stage.Mode == ThrottleMode.Enforcing)
            {
                FailStage(new StreamStageException(StageName, $"the rate of {stage.Cost} per {stage.Per} was exceeded (mode Enforcing)."));
                return;
            }

            _held = element;
            _holding = true;
            ScheduleOnce(TimerKey, TimeSpan.FromTicks(delay));
        }

        protected override void OnTimer(object timerKey)
        {
            _holding = false;
            var element = _held;
            _held = default!;
            Push(Out, element);
            if (IsClosed(In))
            {
                CompleteStage();
            }
        }

        public override void OnUpstreamFinish()
        {
            if (!_holding)
            {
                CompleteStage();
            }
        }

        /// <summary>Takes <paramref name="cost"/> tokens; returns how long (in ticks) the element must wait.</summary>
        private long Offer(int cost)
        {
            var now = NowTicks;
            var elapsed = now - _lastTicks;
            _tokens = Math.Min(_capacity, _tokens + (elapsed / _ticksPerToken));
            _lastTicks = now;
            _tokens -= cost;
            return _tokens >= 0 ? 0 : (long)Math.Ceiling(-_tokens * _ticksPerToken);
        }
    }
}
