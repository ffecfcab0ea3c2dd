using Sluice.Graphs.Stage;

namespace Sluice.Graphs.Stages;

/// <summary>
/// Emits a group when it holds n elements or when the interval since the last emitted group elapsed, whichever
/// comes first; never emits an empty group; flushes the rest on completion.
/// </summary>
internal sealed class GroupedWithin<T>(int size, TimeSpan interval) : LinearStage<T, IReadOnlyList<T>>("grouped-within")
{
    protected override GraphStageLogic CreateLogic(Attributes inheritedAttributes) => new Logic(this, size, interval);

    private sealed class Logic : TimerGraphStageLogic
    {
        private static readonly object TimerKey = new();
        private readonly Inlet<T> _in;
        private readonly Outlet<IReadOnlyList<T>> _out;
        private readonly int _size;
        private readonly TimeSpan _interval;
        private List<T> _group;
        private bool _timerDue;
        private List<T>? _ready;

        public Logic(GroupedWithin<T> stage, int size, TimeSpan interval)
            : base(stage.Shape)
        {
            _in = stage.In;
            _out = stage.Out;
            _size = size;
            _interval = interval;
            _group = new List<T>(size);
            SetHandler(_in, this);
            SetHandler(_out, this);
        }

        public override void PreStart()
        {
            ScheduleWithFixedDelay(TimerKey, _interval, _interval);
            Pull(_in);
        }

        public override void OnPush()
        {
            _group.Add(Grab(_in));
            if (_group.Count >= _size || _timerDue)
            {
                // A group still waiting for downstream is emitted first; this one closes right after it.
                if (_ready is null)
                {
                    CloseGroup();
                }

                return;
            }

            Pull(_in);
        }

        protected override void OnTimer(object timerKey)
        {
            if (_group.Count == 0)
            {
                _timerDue = true;
                return;
            }

            if (_ready is null)
            {
                CloseGroup();
            }
            else
            {
                _timerDue = true;
            }
        }

        private void CloseGroup()
        {
            _timerDue = false;
            _ready = _group;
            _group = new List<T>(_size);
            ScheduleWithFixedDelay(TimerKey, _interval, _interval);
            TryEmit();
        }

        private void TryEmit()
        {
            if (_ready is null || !IsAvailable(_out))
            {
                return;
            }

            var group = _ready;
            _ready = null;
            Push(_out, group);
            if (_group.Count >= _size || (_timerDue && _group.Count > 0))
            {
                CloseGroup();
            }
            else if (IsClosed(_in))
            {
                FinishIfDone();
            }
            else if (!HasBeenPulled(_in))
            {
                Pull(_in);
            }
        }

        public override void OnPull() => TryEmit();

        public override void OnUpstreamFinish() => FinishIfDone();

        private void FinishIfDone()
        {
            if (_ready is not null)
            {
                return;
            }

            if (_group.Count > 0)
            {
                var rest = _group;
                _group = [];
                Emit(_out, rest, CompleteStage);
            }
            else
            {
                CompleteStage();
            }
        }
    }
}
