using Sluice.Graphs.Stage;

namespace Sluice.Graphs.Junctions;

/// <summary>
/// Fan-out: each element goes to the output the partitioner picks; an element for a cancelled output is dropped;
/// an index out of range fails the stream.
/// <para><b>Emits when</b> the chosen output has demand.</para>
/// <para><b>Backpressures when</b> the chosen output backpressures.</para>
/// <para><b>Completes when</b> upstream completes.</para>
/// <para><b>Cancels when</b> all outputs cancelled.</para>
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
public sealed class Partition<T> : GraphStage<UniformFanOutShape<T, T>>
{
    private readonly Func<T, int> _partitioner;

    /// <summary>Creates a partition over <paramref name="outputs"/> outputs.</summary>
    public Partition(int outputs, Func<T, int> partitioner)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(outputs, 1);
        _partitioner = partitioner ?? throw new ArgumentNullException(nameof(partitioner));
        Shape = new UniformFanOutShape<T, T>(
            new Inlet<T>("partition.in"),
            FanOutLogic<T>.CreateOutlets("partition", outputs));
    }

    /// <inheritdoc />
    public override UniformFanOutShape<T, T> Shape { get; }

    /// <inheritdoc />
    protected override Attributes InitialAttributes => Attributes.Create(new Attributes.Name("partition"));

    /// <inheritdoc />
    protected override GraphStageLogic CreateLogic(Attributes inheritedAttributes) => new Logic(this);

    private sealed class Logic(Partition<T> stage) : FanOutLogic<T>(stage.Shape)
    {
        private readonly UniformFanOutShape<T, T> _shape = stage.Shape;
        private readonly Func<T, int> _partitioner = stage._partitioner;
        private T _held = default!;
        private int _heldIndex = -1;

        public override void OnPush()
        {
            var element = Grab(_shape.In);
            var index = _partitioner(element);
            if (index < 0 || index >= _shape.Outs.Count)
            {
                FailStage(new StreamStageException(StageName, $"partitioner returned {index}, outside [0, {_shape.Outs.Count - 1}]."));
                return;
            }

            var outlet = _shape.Outs[index];
            if (IsClosed(outlet))
            {
                PullIfDemand();
            }
            else if (IsAvailable(outlet))
            {
                Push(outlet, element);
                PullIfDemand();
            }
            else
            {
                _held = element;
                _heldIndex = index;
            }
        }

        public override void OnUpstreamFinish()
        {
            if (_heldIndex < 0)
            {
                CompleteStage();
            }
        }

        protected override void OnOutputPull(int i)
        {
            if (_heldIndex == i)
            {
                var element = _held;
                _held = default!;
                _heldIndex = -1;
                Push(_shape.Outs[i], element);
                if (IsClosed(_shape.In))
                {
                    CompleteStage();
                    return;
                }
            }

            PullIfDemand();
        }

        private void PullIfDemand()
        {
            if (_heldIndex < 0 && !HasBeenPulled(_shape.In) && !IsClosed(_shape.In))
            {
                Pull(_shape.In);
            }
        }

        protected override void OnOutputCancelled(int i)
        {
            if (_heldIndex == i)
            {
                _held = default!;
                _heldIndex = -1;
                if (IsClosed(_shape.In))
                {
                    CompleteStage();
                    return;
                }

                PullIfDemand();
            }
        }
    }
}
