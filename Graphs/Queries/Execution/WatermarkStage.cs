using Sluice.Graphs.Stage;
using Sluice.Graphs.State;
using Sluice.Graphs.Stages;

namespace Sluice.Graphs.Queries.Execution;

/// <summary>
/// WithWatermark on one input: passes everything through and records the event-time statistics (count, min, max,
/// avg) of the epoch's rows in the epoch facts; the coordinator derives the input's watermark from them at the end of
/// the epoch (Spark's EventTimeWatermarkExec).
/// Emits when: an element arrives. Backpressures when: downstream does. Completes when: upstream completes.
/// </summary>
internal sealed class WatermarkStage<T>(int inputIndex) : LinearStage<Element<T>, Element<T>>("query-watermark-" + inputIndex)
{
    protected override GraphStageLogic CreateLogic(Attributes inheritedAttributes) => new Logic(this, inputIndex);

    private sealed class Logic(WatermarkStage<T> stage, int inputIndex) : LinearLogic<Element<T>, Element<T>>(stage)
    {
        private EpochFacts? _epoch;

        public override void OnPush()
        {
            var element = Grab(In);
            if (element.IsRow)
            {
                if (element.EventTimeMs == EventTime.None)
                {
                    FailStage(new StreamingQueryException(
                        "WithWatermark needs an event time on every row: call WithTimestamps(row => ...) before WithWatermark, or use WithWatermark(timestamp, delay)."));
                    return;
                }

                _epoch!.EventTimes[inputIndex].Add(element.EventTimeMs);
            }
            else
            {
                _epoch = element.Epoch;
            }

            Push(Out, element);
        }
    }
}
