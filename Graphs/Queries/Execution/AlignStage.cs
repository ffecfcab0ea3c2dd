using Sluice.Graphs.Stage;

namespace Sluice.Graphs.Queries.Execution;

/*
 * Barrier alignment for a stage with several inputs (Union, the two sides of a join). Rows of an epoch are merged as
 * they come. When input i delivers barrier N it is not pulled again until every input has delivered barrier N; then
 * one barrier N goes downstream and every input is pulled again. An epoch-start marker is forwarded when the first
 * input delivers it and dropped from the others, so downstream sees each marker exactly once and never a row of
 * epoch N+1 before barrier N.
 */

/// <summary>
/// Merges several inputs of one query, aligning their barriers.
/// Emits when: a row arrives, the first epoch start of an epoch arrives, or the last input delivers a barrier.
/// Backpressures when: downstream does; an input that delivered barrier N waits for the others.
/// Completes when: every input completed. Cancels when: downstream cancels.
/// </summary>
internal sealed class AlignStage<T> : GraphStage<UniformFanInShape<Element<T>, Element<T>>>
{
    public AlignStage(int inputs)
    {
        var ins = new Inlet<Element<T>>[inputs];
        for (var i = 0; i < inputs; i++)
        {
            ins[i] = new Inlet<Element<T>>("query-align.in" + i);
        }

        Shape = new UniformFanInShape<Element<T>, Element<T>>(new Outlet<Element<T>>("query-align.out"), ins);
    }

    public override UniformFanInShape<Element<T>, Element<T>> Shape { get; }

    protected override Attributes InitialAttributes => Attributes.Create(new Attributes.Name("query-align"));

    protected override GraphStageLogic CreateLogic(Attributes inheritedAttributes) => new Logic(Shape);

    private sealed class Logic : GraphStageLogic
    {
        private readonly UniformFanInShape<Element<T>, Element<T>> _shape;
        private readonly Queue<int> _ready = new();
        private readonly bool[] _atBarrier;
        private int _barriers;
        private int _open;
        private long _lastStarted = -1;

        public Logic(UniformFanInShape<Element<T>, Element<T>> shape)
            : base(shape)
        {
            _shape = shape;
            _atBarrier = new bool[shape.Ins.Count];
            _open = shape.Ins.Count;
            for (var i = 0; i < shape.Ins.Count; i++)
            {
                var index = i;
                SetHandler(shape.Ins[i], onPush: () => OnInput(index), onUpstreamFinish: OnInputFinished);
            }

            SetHandler(shape.Out, onPull: Drain);
        }

        public override void PreStart()
        {
            foreach (var inlet in _shape.Ins)
            {
                Pull(inlet);
            }
        }

        private void OnInput(int index)
        {
            _ready.Enqueue(index);
            if (IsAvailable(_shape.Out))
            {
                Drain();
            }
        }

        private void Drain()
        {
            while (_ready.TryDequeue(out var index))
            {
                var inlet = _shape.Ins[index];
                var element = Grab(inlet);
                switch (element.Kind)
                {
                    case ElementKind.Row:
                    case ElementKind.Flush:
                        Push(_shape.Out, element);
                        Pull(inlet);
                        return;
                    case ElementKind.EpochStart:
                        Pull(inlet);
                        if (element.Epoch!.EpochId > _lastStarted)
                        {
                            _lastStarted = element.Epoch.EpochId;
                            Push(_shape.Out, element);
                            return;
                        }

                        continue;
                    default:
                        _atBarrier[index] = true;
                        if (++_barriers < _atBarrier.Length)
                        {
                            continue;
                        }

                        _barriers = 0;
                        for (var i = 0; i < _atBarrier.Length; i++)
                        {
                            _atBarrier[i] = false;
                            if (!IsClosed(_shape.Ins[i]) && !HasBeenPulled(_shape.Ins[i]))
                            {
                                Pull(_shape.Ins[i]);
                            }
                        }

                        Push(_shape.Out, element);
                        return;
                }
            }

            if (_open == 0)
            {
                CompleteStage();
            }
        }

        private void OnInputFinished()
        {
            if (--_open == 0 && _ready.Count == 0)
            {
                CompleteStage();
            }
        }
    }
}
