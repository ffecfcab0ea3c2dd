using Sluice.Graphs.Stage;
using Sluice.Graphs.Stages;

namespace Sluice.Graphs.Queries.Execution;

/// <summary>
/// SelectMany: each row becomes zero or more rows with its event time; markers pass.
/// Emits when: an expanded row or a marker is ready and downstream pulled. Backpressures when: downstream does.
/// Completes when: upstream completes and the last row is expanded. Cancels when: downstream cancels.
/// </summary>
internal sealed class SelectManyStage<TIn, TOut>(Func<TIn, IEnumerable<TOut>> f) : LinearStage<Element<TIn>, Element<TOut>>("query-select-many")
{
    protected override GraphStageLogic CreateLogic(Attributes inheritedAttributes) => new Logic(this, f);

    private sealed class Logic(SelectManyStage<TIn, TOut> stage, Func<TIn, IEnumerable<TOut>> f) : LinearLogic<Element<TIn>, Element<TOut>>(stage)
    {
        private IEnumerator<TOut>? _current;
        private TOut[]? _array; // the common case (string.Split): indexed, no enumerator
        private int _index;
        private long _eventTime;
        private bool _finishing;

        public override void OnPush()
        {
            var element = Grab(In);
            if (!element.IsRow)
            {
                Push(Out, element.AsMarker<TOut>());
                return;
            }

            try
            {
                var items = f(element.Value);
                if (items is TOut[] array)
                {
                    _array = array;
                    _index = 0;
                }
                else
                {
                    _current = items.GetEnumerator();
                }
            }
            catch (Exception e)
            {
                FailStage(StageFailure(e));
                return;
            }

            _eventTime = element.EventTimeMs;
            OnPull();
        }

        public override void OnPull()
        {
            if (_array is not null)
            {
                if (_index < _array.Length)
                {
                    Push(Out, Element<TOut>.Row(_array[_index++], _eventTime));
                    return;
                }

                _array = null;
            }
            else if (_current is not null)
            {
                try
                {
                    if (_current.MoveNext())
                    {
                        Push(Out, Element<TOut>.Row(_current.Current, _eventTime));
                        return;
                    }
                }
                catch (Exception e)
                {
                    FailStage(StageFailure(e));
                    return;
                }

                _current.Dispose();
                _current = null;
            }

            if (_finishing)
            {
                CompleteStage();
            }
            else
            {
                Pull(In);
            }
        }

        public override void OnUpstreamFinish()
        {
            if (_current is null && _array is null)
            {
                CompleteStage();
            }
            else
            {
                _finishing = true;
            }
        }
    }
}
