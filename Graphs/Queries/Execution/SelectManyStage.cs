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
                _current = f(element.Value).GetEnumerator();
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
            if (_current is not null)
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
            if (_current is null)
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
