using Sluice.Graphs.Stage;

namespace Sluice.Graphs.Stages;

/// <summary>Buffers up to n elements, decoupling rates; what happens when full depends on the overflow strategy.</summary>
internal sealed class Buffer<T>(int size, OverflowStrategy strategy) : LinearStage<T, T>("buffer")
{
    protected override GraphStageLogic CreateLogic(Attributes inheritedAttributes) => new Logic(this, size, strategy);

    private sealed class Logic(Buffer<T> stage, int size, OverflowStrategy strategy) : LinearLogic<T, T>(stage)
    {
        private readonly RingBuffer<T> _buffer = new(size);

        public override void PreStart() => Pull(In);

        public override void OnPush()
        {
            var element = Grab(In);
            if (IsAvailable(Out) && _buffer.IsEmpty)
            {
                Push(Out, element);
                Pull(In);
                return;
            }

            if (!_buffer.EnqueueOrOverflow(element, strategy) && strategy == OverflowStrategy.Fail)
            {
                FailStage(new BufferOverflowException(StageName, size));
                return;
            }

            if (strategy != OverflowStrategy.Backpressure || !_buffer.IsFull)
            {
                Pull(In);
            }
        }

        public override void OnPull()
        {
            if (_buffer.IsEmpty)
            {
                if (IsClosed(In))
                {
                    CompleteStage();
                }

                return;
            }

            var wasFull = _buffer.IsFull;
            Push(Out, _buffer.Dequeue());
            if (IsClosed(In))
            {
                if (_buffer.IsEmpty)
                {
                    CompleteStage();
                }
            }
            else if (wasFull && !HasBeenPulled(In))
            {
                Pull(In);
            }
        }

        public override void OnUpstreamFinish()
        {
            if (_buffer.IsEmpty)
            {
                CompleteStage();
            }
        }
    }
}
