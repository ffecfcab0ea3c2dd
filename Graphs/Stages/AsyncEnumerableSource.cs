using Sluice.Graphs.Stage;

namespace Sluice.Graphs.Stages;

/// <summary>Emits the elements of an async enumerable; MoveNextAsync runs only on demand, cancelled on stop.</summary>
internal sealed class AsyncEnumerableSource<T>(IAsyncEnumerable<T> elements) : SourceStage<T>("from-async-enumerable")
{
    protected override GraphStageLogic CreateLogic(Attributes inheritedAttributes) => new Logic(this, elements);

#pragma warning disable CA1001 // The token source is disposed in PostStop, which runs however the stage ends.
    private sealed class Logic : GraphStageLogic
    {
        private readonly Outlet<T> _out;
        private readonly IAsyncEnumerable<T> _elements;
        private readonly CancellationTokenSource _cts = new();
        private readonly AsyncCallback<ValueTask<bool>> _moved;
        private IAsyncEnumerator<T>? _enumerator;

        public Logic(AsyncEnumerableSource<T> stage, IAsyncEnumerable<T> elements)
            : base(stage.Shape)
        {
            _out = stage.Out;
            _elements = elements;
            SetHandler(_out, this);
            _moved = GetAsyncCallback<ValueTask<bool>>(OnMoved);
        }

        public override void PreStart() => _enumerator = _elements.GetAsyncEnumerator(_cts.Token);

        public override void OnPull()
        {
            ValueTask<bool> move;
            try
            {
                move = _enumerator!.MoveNextAsync();
            }
            catch (Exception e)
            {
                FailStage(StageFailure(e));
                return;
            }

            if (move.IsCompleted)
            {
                OnMoved(move);
                return;
            }

            var task = move.AsTask();
            task.ContinueWith(
                static (t, s) => ((AsyncCallback<ValueTask<bool>>)s!).Invoke(new ValueTask<bool>(t)),
                _moved,
                CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
        }

        private void OnMoved(ValueTask<bool> move)
        {
            bool has;
            try
            {
                has = move.Result;
            }
            catch (Exception e)
            {
                FailStage(StageFailure(e));
                return;
            }

            if (has)
            {
                Push(_out, _enumerator!.Current);
            }
            else
            {
                CompleteStage();
            }
        }

        public override void PostStop()
        {
            _cts.Cancel();
            var enumerator = _enumerator;
            if (enumerator is not null)
            {
                _ = DisposeQuietly(enumerator);
            }

            _cts.Dispose();
        }

        private static async Task DisposeQuietly(IAsyncEnumerator<T> enumerator)
        {
            try
            {
                await enumerator.DisposeAsync().ConfigureAwait(false);
            }
            catch (Exception)
            {
                // The stream is over; a failing dispose has nobody left to tell.
            }
        }
    }
#pragma warning restore CA1001
}
