using Sluice.Graphs.Stage;

namespace Sluice.Graphs.Stages;

/// <summary>Emits a tick element after an initial delay and then every interval, if downstream is ready (ticks are dropped otherwise).</summary>
internal sealed class TickSource<T>(TimeSpan initialDelay, TimeSpan interval, T tick) : SourceStage<T>("tick")
{
    public TimeSpan InitialDelay { get; } = initialDelay;
    public TimeSpan Interval { get; } = interval;
    public T Tick { get; } = tick;

    protected override GraphStageLogic CreateLogic(Attributes inheritedAttributes) => new Logic(this);

    private sealed class Logic : TimerGraphStageLogic
    {
        private static readonly object TimerKey = new();
        private readonly TickSource<T> _stage;

        public Logic(TickSource<T> stage)
            : base(stage.Shape)
        {
            _stage = stage;
            SetHandler(stage.Out, this);
        }

        public override void PreStart() => ScheduleAtFixedRate(TimerKey, _stage.InitialDelay, _stage.Interval);

        public override void OnPull()
        {
        }

        protected override void OnTimer(object timerKey)
        {
            if (IsAvailable(_stage.Out))
            {
                Push(_stage.Out, _stage.Tick);
            }
        }
    }
}
