using Sluice.Graphs.Sources;
using Sluice.Graphs.Stage;

namespace Sluice.Graphs.Stages;

/// <summary>A source fed from outside through <see cref="ISourceQueueWithComplete{T}"/>, with a bounded buffer.</summary>
internal sealed class QueueSource<T>(int bufferSize, OverflowStrategy strategy) : SourceStage<T, ISourceQueueWithComplete<T>>("queue")
{    public int BufferSize { get; } = bufferSize;

    public OverflowStrategy Strategy { get; } = strategy;


    public override (GraphStageLogic Logic, ISourceQueueWithComplete<T> MaterializedValue) CreateLogicAndMaterializedValue(Attributes inheritedAttributes)
    {
        var logic = new Logic(this);
        return (logic, logic.Queue);
    }

    private sealed class Logic : GraphStageLogic
    {
        private readonly QueueSource<T> _stage;
        private readonly RingBuffer<T> _buffer;
        private readonly Queue<(T Element, TaskCompletionSource<QueueOfferResult> Done)> _waiting = new();
        private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private bool _completing;

        public Logic(QueueSource<T> stage)
            : base(stage.Shape)
        {
            _stage = stage;
            _buffer = new RingBuffer<T>(stage.BufferSize);
            SetHandler(stage.Out, this);
            Queue = new Handle(
                GetAsyncCallback<(T, TaskCompletionSource<QueueOfferResult>)>(OnOffer),
                GetAsyncCallback<Exception?>(OnEnd),
                _completion.Task);
        }

        public Handle Queue { get; }

        private void OnOffer((T Element, TaskCompletionSource<QueueOfferResult> Done) offer)
        {
            var (element, done) = offer;
            if (_completing)
            {
                done.TrySetResult(QueueOfferResult.QueueClosed);
                return;
            }

            if (_buffer.IsEmpty && IsAvailable(_stage.Out))
            {
                Push(_stage.Out, element);
                done.TrySetResult(QueueOfferResult.Enqueued);
                return;
            }

            if (_buffer.EnqueueOrOverflow(element, _stage.Strategy))
            {
                done.TrySetResult(QueueOfferResult.Enqueued);
                return;
            }

            switch (_stage.Strategy)
            {
                case OverflowStrategy.Backpressure:
                    _waiting.Enqueue((element, done));
                    break;
                case OverflowStrategy.Fail:
                    var error = new BufferOverflowException(StageName, _buffer.Capacity);
                    done.TrySetResult(new QueueOfferResult.Failure(error));
                    FailStage(error);
                    break;
                default:
                    done.TrySetResult(QueueOfferResult.Dropped);
                    break;
            }
        }

        private void OnEnd(Exception? cause)
        {
            if (cause is not null)
            {
                FailStage(cause);
                return;
            }

            _completing = true;
            if (_buffer.IsEmpty)
            {
                CompleteStage();
            }
        }

        public override void OnPull()
        {
            if (_buffer.IsEmpty)
            {
                return;
            }

            Push(_stage.Out, _buffer.Dequeue());
            if (_waiting.Count > 0)
            {
                var (element, done) = _waiting.Dequeue();
                _buffer.Enqueue(element);
                done.TrySetResult(QueueOfferResult.Enqueued);
            }
            else if (_completing && _buffer.IsEmpty)
            {
                CompleteStage();
            }
        }

        public override void OnDownstreamFinish(Exception? cause)
        {
            _completion.TrySetResult();
            CancelStage(cause);
        }

        public override void PostStop()
        {
            Queue.Stopped = true;
            while (_waiting.Count > 0)
            {
                _waiting.Dequeue().Done.TrySetResult(QueueOfferResult.QueueClosed);
            }

            var failure = OutConns[0].Failure;
            if (failure is not null)
            {
                _completion.TrySetException(failure);
            }
            else
            {
                _completion.TrySetResult();
            }
        }
    }

    private sealed class Handle(
        AsyncCallback<(T, TaskCompletionSource<QueueOfferResult>)> offer,
        AsyncCallback<Exception?> end,
        Task completion) : ISourceQueueWithComplete<T>
    {
        public volatile bool Stopped;

        public async Task<QueueOfferResult> OfferAsync(T element)
        {
            if (Stopped)
            {
                return QueueOfferResult.QueueClosed;
            }

            var done = new TaskCompletionSource<QueueOfferResult>(TaskCreationOptions.RunContinuationsAsynchronously);
            try
            {
                await offer.InvokeWithFeedback((element, done)).ConfigureAwait(false);
            }
            catch (StreamDetachedException)
            {
                return QueueOfferResult.QueueClosed;
            }

            return await done.Task.ConfigureAwait(false);
        }

        public Task WatchCompletionAsync() => completion;

        public void Complete() => end.Invoke(null);

        public void Fail(Exception cause)
        {
            ArgumentNullException.ThrowIfNull(cause);
            end.Invoke(cause);
        }
    }
}
