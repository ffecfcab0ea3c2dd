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
            FanOutLogic<T>.CreateOutlets("balance", outputs));
    }

    /// <inheritdoc />
    public override UniformFanOutShape<T, T> Shape { get; }

    /// <inheritdoc />
    protected override Attributes InitialAttributes => Attributes.Create(new Attributes.Name("balance"));

    /// <inheritdoc />
    protected override GraphStageLogic CreateLogic(Attributes inheritedAttributes) => new Logic(Shape);

    private sealed class Logic(UniformFanOutShape<T, T> shape) : FanOutLogic<T>(shape)
    {
        private readonly Queue<int> _waiting = new();

        public override void OnPush()
        {
            var element = Grab(FanOut.In);
            Push(FanOut.Outs[_waiting.Dequeue()], element);
            if (_waiting.Count > 0)
            {
                Pull(FanOut.In);
            }
        }

        protected override void OnOutputPull(int index)
        {
            _waiting.Enqueue(index);
            if (!HasBeenPulled(FanOut.In) && !IsClosed(FanOut.In))
            {
                Pull(FanOut.In);
            }
        }

        protected override void OnOutputCancelled(int index)
        {
            var count = _waiting.Count;
            for (var k = 0; k < count; k++)
            {
                var w = _waiting.Dequeue();
                if (w != index)
                {
                    _waiting.Enqueue(w);
                }
            }
        }
    }
}
