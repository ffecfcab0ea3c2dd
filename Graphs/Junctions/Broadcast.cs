using Sluice.Graphs.Stage;

namespace Sluice.Graphs.Junctions;

/// <summary>
/// Fan-out: emits each element to every output.
/// <para><b>Emits when</b> all outputs still running have pulled.</para>
/// <para><b>Backpressures when</b> any output backpressures (the slowest consumer sets the pace).</para>
/// <para><b>Completes when</b> upstream completes.</para>
/// <para><b>Cancels when</b> all outputs cancelled, or any one with <c>eagerCancel</c>.</para>
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
public sealed class Broadcast<T> : GraphStage<UniformFanOutShape<T, T>>
{
    private readonly bool _eagerCancel;

    /// <summary>Creates a broadcast to <paramref name="outputs"/> outputs.</summary>
    public Broadcast(int outputs, bool eagerCancel = false)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(outputs, 1);
        _eagerCancel = eagerCancel;
        Shape = new UniformFanOutShape<T, T>(
            new Inlet<T>("broadcast.in"),
            FanOutLogic<T>.CreateOutlets("broadcast", outputs));
    }

    /// <inheritdoc />
    public override UniformFanOutShape<T, T> Shape { get; }

    /// <inheritdoc />
    protected override Attributes InitialAttributes => Attributes.Create(new Attributes.Name("broadcast"));

    /// <inheritdoc />
    protected override GraphStageLogic CreateLogic(Attributes inheritedAttributes) => new Logic(this);

    private sealed class Logic : GraphStageLogic
    {
        private readonly UniformFanOutShape<T, T> _shape;
        private readonly bool _eagerCancel;
        private readonly bool[] _pulled;
        private int _pendingPulls;
        private int _open;

        public Logic(Broadcast<T> stage)
            : base(stage.Shape)
        {
            _shape = stage.Shape;
            _eagerCancel = stage._eagerCancel;
            _open = _shape.Outs.Count;
            _pulled = new bool[_open];
            _pendingPulls = _open;
            SetHandler(_shape.In, this);
            for (var i = 0; i < _shape.Outs.Count; i++)
            {
                SetHandler(_shape.Outs[i], new IndexedHandler(i, onPull: OnPull, onDownstreamFinish: OnCancel));
            }
        }

        public override void OnPush()
        {
            var element = Grab(_shape.In);
            _pendingPulls = 0;
            for (var i = 0; i < _pulled.Length; i++)
            {
                if (!IsClosed(_shape.Outs[i]))
                {
                    Push(_shape.Outs[i], element);
                    _pulled[i] = false;
                    _pendingPulls++;
                }
            }
        }

        private void OnPull(int i)
        {
            _pulled[i] = true;
            _pendingPulls--;
            if (_pendingPulls == 0 && !HasBeenPulled(_shape.In) && !IsClosed(_shape.In))
            {
                Pull(_shape.In);
            }
        }

        private void OnCancel(int i, Exception? cause)
        {
            if (_eagerCancel)
            {
                CancelStage(cause);
                return;
            }

            _open--;
            if (_open == 0)
            {
                CancelStage(cause);
                return;
            }

            if (!_pulled[i])
            {
                _pendingPulls--;
                if (_pendingPulls == 0 && !HasBeenPulled(_shape.In) && !IsClosed(_shape.In))
                {
                    Pull(_shape.In);
                }
            }
        }
    }
}
