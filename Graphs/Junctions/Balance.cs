using Sluice.Graphs.Stage;

namespace Sluice.Graphs.Junctions;

/// <summary>
/// Fan-out: each element goes to one output that has demand, the one that asked first.
/// <para><b>Emits when</b> any output has pulled.</para>
/// <para><b>Backpressures when</b> no output has demand.</para>
/// <para><b>Completes when</b> upstream completes.</para>
/// <para><b>Cancels when</b> all outputs cancelled.</para>
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
public sealed class Balance<T> : GraphStage<UniformFanOutShape<T, T>>
{
    /// <summary>Creates a balance over <paramref name="outputs"/> outputs.</summary>
    public Balance(int outputs)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(outputs, 1);
        Shape = new UniformFanOutShape<T, T>(
            new Inlet<T>("balance.in"),
            Enumerable.Range(0, outputs).Select(i => new Outlet<T>($"balance.out{i}")).ToArray());
    }

    /// <inheritdoc />
    public override UniformFanOutShape<T, T> Shape { get; }

    /// <inheritdoc />
    protected override Attributes InitialAttributes => Attributes.Create(new Attributes.Name("balance"));

    /// <inheritdoc />
    protected override GraphStageLogic CreateLogic(Attributes inheritedAttributes) => new Logic(Shape);

    private sealed class Logic : GraphStageLogic
    {
        private readonly UniformFanOutShape<T, T> _shape;
        private readonly Queue<int> _waiting = new();
        private int _open;

        public Logic(UniformFanOutShape<T, T> shape)
            : base(shape)
        {
            _shape = shape;
            _open = shape.Outs.Count;
            SetHandler(shape.In, this);
            for (var i = 0; i < shape.Outs.Count; i++)
            {
                SetHandler(shape.Outs[i], new IndexedHandler(i, onPull: OnPull, onDownstreamFinish: OnCancel));
            }
        }

        public override void OnPush()
        {
            var element = Grab(_shape.In);
            Push(_shape.Outs[_waiting.Dequeue()], element);
            if (_waiting.Count > 0)
            {
                Pull(_shape.In);
            }
        }

        private void OnPull(int i)
        {
            _waiting.Enqueue(i);
            if (!HasBeenPulled(_shape.In) && !IsClosed(_shape.In))
            {
                Pull(_shape.In);
            }
        }

        private void OnCancel(int i, Exception? cause)
        {
            _open--;
            if (_open == 0)
            {
                CancelStage(cause);
                return;
            }

            var count = _waiting.Count;
            for (var k = 0; k < count; k++)
            {
                var w = _waiting.Dequeue();
                if (w != i)
                {
                    _waiting.Enqueue(w);
                }
            }
        }
    }
}
