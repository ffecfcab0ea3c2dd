using Sluice.Graphs.Stage;
using Sluice.Graphs.Stages;

namespace Sluice.Graphs.Queries.Execution;

/// <summary>
/// A stateless 1:1 query stage (Select, WithTimestamps, WithProcessingTime): maps rows, forwards markers.
/// Emits when: the mapped row or a marker is ready and downstream pulled. Backpressures when: downstream does.
/// Completes when: upstream completes. Cancels when: downstream cancels. A throwing mapper fails the query.
/// </summary>
internal sealed class MapStage<TIn, TOut, TMapper>(string name, TMapper mapper) : LinearStage<Element<TIn>, Element<TOut>>(name)
    where TMapper : struct, IRowMapper<TIn, TOut>
{
    protected override GraphStageLogic CreateLogic(Attributes inheritedAttributes) => new Logic(this, mapper);

    private sealed class Logic(MapStage<TIn, TOut, TMapper> stage, TMapper mapper) : LinearLogic<Element<TIn>, Element<TOut>>(stage)
    {
        private EpochFacts? _epoch;

        public override void OnPush()
        {
            var element = Grab(In);
            if (!element.IsRow)
            {
                _epoch = element.Epoch;
                Push(Out, element.AsMarker<TOut>());
                return;
            }

            Element<TOut> result;
            try
            {
                result = mapper.Map(element, _epoch!);
            }
            catch (Exception e)
            {
                FailStage(StageFailure(e));
                return;
            }

            Push(Out, result);
        }
    }
}
