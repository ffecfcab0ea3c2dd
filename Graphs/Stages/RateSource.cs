using Sluice.Graphs.Offsets;
using Sluice.Graphs.Sources;
using Sluice.Graphs.Stage;

namespace Sluice.Graphs.Stages;

/// <summary>
/// Spark's rate source: row values count up from the start offset; during the ramp-up the speed grows linearly
/// (second s carries <c>s * rowsPerSecond / (rampUp + 1)</c> rows), then stays at rowsPerSecond. Rows of one
/// second are spread evenly over it; each is emitted when its time has come (later, if downstream is slow) and
/// carries its scheduled timestamp. Offset = the next value.
/// </summary>
internal sealed class RateSource(long rowsPerSecond, long rampUpSeconds, long startOffset)
    : SourceStage<RateRow, SourceOffsetHandle>("rate")
{
    public long RampUpSeconds { get; } = rampUpSeconds;
    public long RowsPerSecond { get; } = rowsPerSecond;
    public long StartOffset { get; } = startOffset;

    public override (GraphStageLogic Logic, SourceOffsetHandle MaterializedValue) CreateLogicAndMaterializedValue(Attributes inheritedAttributes)
    {
        var handle = new SourceOffsetHandle();
        return (new Logic(this, handle), handle);
    }

    /// <summary>How many rows are due by the end of second <paramref name="seconds"/> (Spark's valueAtSecond).</summary>
    internal static long ValueAtSecond(long seconds, long rowsPerSecond, long rampUpSeconds)
    {
        var delta = rowsPerSecond / (rampUpSeconds + 1);
        if (seconds <= rampUpSeconds)
        {
            // (delta * seconds) * (seconds + 1) / 2, ordered to avoid overflow.
            return seconds % 2 == 1 ? (seconds + 1) / 2 * delta * seconds : seconds / 2 * delta * (seconds + 1);
        }

        return ValueAtSecond(rampUpSeconds, rowsPerSecond, rampUpSeconds) + ((seconds - rampUpSeconds) * rowsPerSecond);
    }

    private sealed class Logic : TimerGraphStageLogic
    {
        private static readonly object TimerKey = new();
        private readonly RateSource _stage;
        private readonly Outlet<RateRow> _out;
        private long _next;
        private long _startTicks;
        private long _second;
        private long _secondStartValue;
        private long _secondEndValue;

        public Logic(RateSource stage, SourceOffsetHandle handle)
            : base(stage.Shape)
        {
            _stage = stage;
            _out = stage.Out;
            _next = stage.StartOffset;
            SetHandler(_out, this);
            ReportOffsetsTo(handle);
        }

        public override SourceOffset CurrentOffset => new LongOffset(_next);

        public override void PreStart()
        {
            _second = 0;
            _secondStartValue = 0;
            _secondEndValue = ValueAtSecond(1, _stage.RowsPerSecond, _stage.RampUpSeconds);
            // Resuming at an offset: the clock starts as if the earlier rows had already been emitted.
            _startTicks = TimeProvider.GetUtcNow().UtcTicks - DueOffsetTicks(_next);
        }

        public override void OnPull() => TryEmit();

        protected override void OnTimer(object timerKey) => TryEmit();

        private void TryEmit()
        {
            if (!IsAvailable(_out))
            {
                return;
            }

            var due = _startTicks + DueOffsetTicks(_next);
            var now = TimeProvider.GetUtcNow().UtcTicks;
            if (due <= now)
            {
                Push(_out, new RateRow(new DateTimeOffset(due, TimeSpan.Zero), _next));
                _next++;
                return;
            }

            ScheduleOnce(TimerKey, TimeSpan.FromTicks(due - now));
        }

        /// <summary>Ticks after the start at which row <paramref name="value"/> is due.</summary>
        private long DueOffsetTicks(long value)
        {
            if (value < _secondStartValue)
            {
                _second = 0;
                _secondStartValue = 0;
                _secondEndValue = ValueAtSecond(1, _stage.RowsPerSecond, _stage.RampUpSeconds);
            }

            while (value >= _secondEndValue)
            {
                _second++;
                _secondStartValue = _secondEndValue;
                _secondEndValue = ValueAtSecond(_second + 1, _stage.RowsPerSecond, _stage.RampUpSeconds);
            }

            var rows = _secondEndValue - _secondStartValue;
            return (_second * TimeSpan.TicksPerSecond) + ((value - _secondStartValue) * TimeSpan.TicksPerSecond / rows);
        }
    }
}
