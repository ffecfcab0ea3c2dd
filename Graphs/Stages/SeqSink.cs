using Sluice.Graphs.Stage;

namespace Sluice.Graphs.Stages;

/// <summary>Collects every element into a list; the task completes with it.</summary>
internal sealed class SeqSink<T>() : SinkStage<T, Task<IReadOnlyList<T>>>("seq")
{
    public override (GraphStageLogic Logic, Task<IReadOnlyList<T>> MaterializedValue) CreateLogicAndMaterializedValue(Attributes inheritedAttributes)
    {
        var logic = new Logic(this);
        return (logic, logic.Promise.Task);
    }

    private sealed class Logic(SeqSink<T> stage) : TaskSinkLogic<T, IReadOnlyList<T>>(stage)
    {
        private readonly List<T> _items = [];

        public override void OnPush()
        {
            _items.Add(Grab(In));
            Pull(In);
        }

        protected override IReadOnlyList<T> Result() => _items;
    }
}
